package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.audit.AuditEvent;
import io.coffer.core.iam.Principal;
import io.coffer.server.testing.RpcRawRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How an RPC request becomes an audit event: action, resource ARN, caller and decision. */
class RpcAuditTest {
  private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
  private static final Principal ROOT = new Principal("1234567890", "LTAIroot");

  private static RpcRequest kms(String action, String... params) {
    RpcRawRequest r = RpcRawRequest.v1(action);
    for (int i = 0; i < params.length; i += 2) r.param(params[i], params[i + 1]);
    return r.prepare("127.0.0.1:9002").parsed();
  }

  private static RpcRoutes.Route route(String version, String action) {
    return new RpcRoutes.Route(version, action, call -> RpcJson.object());
  }

  @Test
  void kmsKeyReferences_becomeKeyOrAliasArnsOrStayAsSent() {
    String prefix = "acs:kms:cn-hangzhou:1234567890:";
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("Encrypt", "KeyId", "k-1"), null, "cn-hangzhou", "1234567890"))
        .isEqualTo(prefix + "key/k-1");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("Encrypt", "KeyId", "alias/a"), null, "cn-hangzhou", "1234567890"))
        .isEqualTo(prefix + "alias/a");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("Encrypt", "KeyId", "acs:kms:cn-shanghai:9:key/x"), null,
        "cn-hangzhou", "1234567890")).isEqualTo("acs:kms:cn-shanghai:9:key/x");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("DeleteAlias", "AliasName", "alias/b"), null, "cn-hangzhou",
        "1234567890")).isEqualTo(prefix + "alias/b");
    ObjectNode created = RpcJson.object();
    created.putObject("KeyMetadata").put("KeyId", "k-new");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("CreateKey"), created, "cn-hangzhou", "1234567890"))
        .isEqualTo(prefix + "key/k-new");
    ObjectNode decrypted = RpcJson.object().put("KeyId", "k-2").put("Plaintext", "secret");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("Decrypt", "CiphertextBlob", "blob"), decrypted, "cn-hangzhou",
        "1234567890")).isEqualTo(prefix + "key/k-2");
    assertThat(RpcAudit.resource(RpcRoutes.KMS, kms("ListKeys"), RpcJson.object(), "cn-hangzhou", "1234567890"))
        .isNull();
  }

  @Test
  void ramNames_becomeRamArnsUserFirst() {
    RpcRequest attach = kms("AttachPolicyToUser", "PolicyName", "p", "UserName", "alice");
    assertThat(RpcAudit.resource(RpcRoutes.RAM, attach, null, "cn-hangzhou", "123")).isEqualTo("acs:ram::123:user/alice");
    assertThat(RpcAudit.resource(RpcRoutes.RAM, kms("CreatePolicy", "PolicyName", "p", "PolicyDocument", "{}"), null,
        "cn-hangzhou", "*")).isEqualTo("acs:ram::*:policy/p");
  }

  @Test
  void event_authenticatedSuccess_isAllowedWithTheCallersIdentity() {
    AuditEvent e = RpcAudit.event(T, "R", kms("Encrypt", "KeyId", "k"), route(RpcRoutes.KMS, "Encrypt"), ROOT,
        RpcJson.object(), null, false, 200, "10.1.1.1", "cn-hangzhou");
    assertThat(e.action()).isEqualTo("kms:Encrypt");
    assertThat(e.decision()).isEqualTo(AuditEvent.Decision.ALLOW);
    assertThat(e.caller().kind()).isEqualTo(AuditEvent.Caller.Kind.ROOT);
    assertThat(e.resource()).isEqualTo("acs:kms:cn-hangzhou:1234567890:key/k");
    assertThat(e.errorCode()).isNull();
  }

  @Test
  void event_permissionRefused_isDeniedEvenThoughAuthenticated() {
    AuditEvent e = RpcAudit.event(T, "R", kms("Encrypt", "KeyId", "k"), route(RpcRoutes.KMS, "Encrypt"), ROOT, null,
        RpcError.FORBIDDEN_NO_PERMISSION, true, 403, "10.1.1.1", "cn-hangzhou");
    assertThat(e.decision()).isEqualTo(AuditEvent.Decision.DENY);
    assertThat(e.errorCode()).isEqualTo("Forbidden.NoPermission");
  }

  @Test
  void event_unauthenticated_isDeniedWithTheClaimedKeyFromV1OrV3() {
    RpcRequest v1 = RpcRawRequest.v1("DescribeKey").key("LTAIclaimed", "wrong").prepare("h").parsed();
    AuditEvent e1 = RpcAudit.event(T, "R", v1, route(RpcRoutes.KMS, "DescribeKey"), null, null,
        RpcError.SIGNATURE_DOES_NOT_MATCH, false, 400, null, "cn-hangzhou");
    assertThat(e1.decision()).isEqualTo(AuditEvent.Decision.DENY);
    assertThat(e1.caller().kind()).isEqualTo(AuditEvent.Caller.Kind.UNVERIFIED);
    assertThat(e1.caller().accessKeyId()).isEqualTo("LTAIclaimed");
    RpcRequest v3 = RpcRawRequest.v3("DescribeKey").key("LTAIv3claimed", "wrong").prepare("h").parsed();
    assertThat(RpcAudit.claimedAccessKeyId(v3)).isEqualTo("LTAIv3claimed");
    assertThat(RpcAudit.claimedAccessKeyId(RpcRawRequest.v1("DescribeKey").unsigned().prepare("h").parsed()))
        .isEqualTo("LTAItestrootkey0001"); // V1 names its key in a parameter even unsigned
  }

  @Test
  void action_unresolved_isSpelledSafely() {
    assertThat(RpcAudit.action(null, null)).isEqualTo("rpc:(unreadable)");
    assertThat(RpcAudit.action(RpcRawRequest.v1("ListUsers").version(RpcRoutes.RAM).prepare("h").parsed(), null))
        .isEqualTo("ram:ListUsers");
    assertThat(RpcAudit.action(RpcRawRequest.v1("Bad Action\n").prepare("h").parsed(), null))
        .isEqualTo("kms:(invalid)");
    assertThat(RpcAudit.action(RpcRawRequest.v1("X").version("1999-01-01").prepare("h").parsed(), null))
        .isEqualTo("rpc:X");
  }
}
