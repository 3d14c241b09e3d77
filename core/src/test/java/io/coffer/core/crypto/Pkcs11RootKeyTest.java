package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.ProviderException;
import java.security.UnrecoverableKeyException;
import javax.security.auth.login.FailedLoginException;
import org.junit.jupiter.api.Test;

/**
 * How token failures read to operators. The chains mirror what SunPKCS11 throws (seen with
 * SoftHSM2): the CKR_ code sits at the bottom under generic messages. The token itself is
 * exercised end to end by the server's HsmRootKeyIT.
 */
class Pkcs11RootKeyTest {

  private static Throwable chain(Throwable top, Throwable... causes) {
    Throwable t = top;
    for (Throwable c : causes) {
      t.initCause(c);
      t = c;
    }
    return top;
  }

  @Test
  void reason_wrongPin_namesThePinAndTheCode() {
    Throwable e = chain(new IOException("load failed"), new UnrecoverableKeyException(), new FailedLoginException(),
        new RuntimeException("CKR_PIN_INCORRECT"));
    assertThat(Pkcs11RootKey.reason(e)).isEqualTo("the token refused the PIN (CKR_PIN_INCORRECT)");
  }

  @Test
  void reason_uninitialisedToken_saysSo() {
    Throwable e = chain(new ProviderException("Initialization failed"), new RuntimeException("CKR_TOKEN_NOT_RECOGNIZED"));
    assertThat(Pkcs11RootKey.reason(e)).isEqualTo("no initialized token in that slot (CKR_TOKEN_NOT_RECOGNIZED)");
  }

  @Test
  void reason_unknownCodeWithDetail_keepsJustTheCode() {
    Throwable e = chain(new ProviderException("Initialization failed"), new RuntimeException("CKR_DEVICE_ERROR: detail"));
    assertThat(Pkcs11RootKey.reason(e)).isEqualTo("CKR_DEVICE_ERROR");
  }

  @Test
  void reason_noCode_usesTheDeepestMessage() {
    Throwable e = chain(new ProviderException("Initialization failed"),
        new ProviderException("slotListIndex is 5 but token only has 3 slots"));
    assertThat(Pkcs11RootKey.reason(e)).isEqualTo("slotListIndex is 5 but token only has 3 slots");
  }

  @Test
  void reason_noMessageAnywhere_namesTheExceptionType() {
    assertThat(Pkcs11RootKey.reason(new ProviderException())).isEqualTo("ProviderException");
  }
}
