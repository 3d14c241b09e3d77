package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @ParameterizedTest(name = "{0} contains {1} -> {2}")
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.1, false",
      "10.1.2.3/8, 10.9.9.9, true",
      "192.168.1.7, 192.168.1.7, true",
      "192.168.1.7, 192.168.1.8, false",
      "192.168.1.7/32, 192.168.1.7, true",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, 2001:db8::1, false",
      "192.168.0.0/16, ::ffff:192.168.4.4, true",
      "192.168.0.0/16, ::ffff:10.0.0.1, false",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "2001:DB8::/32, 2001:db8::1, true",
      "::1, ::1, true",
      "::1, 0:0:0:0:0:0:0:1, true",
      "::/0, fe80::1, true",
      "::/0, 10.0.0.1, false",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8, true",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0, true",
      "::ffff:1.2.3.4/128, ::ffff:1.2.3.4, true",
      "10.0.0.0/9, 10.128.0.1, false",
      "10.0.0.0/9, 10.127.0.1, true",
      "*, 10.0.0.1, true",
      "*, 2001:db8::1, true",
      "*, not-an-ip, false",
      "10.0.0.0/8, 10.0.0.0/8, false",
      "10.0.0.0/8, 10.0.0, false",
  })
  void contains_table(String range, String address, boolean expected) {
    IpRange parsed = IpRange.parse(range);
    assertThat(parsed).as(range).isNotNull();
    assertThat(parsed.contains(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/",
      "1.2.3.4/-1", "1.2.3.4/08", "1.2.3.4/1/2", "a.b.c.d", "example.com", "localhost", " 1.2.3.4", "1.2.3.4 ",
      "::1/129", "1::2::3", ":1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "fe80::1%eth0", "g::1",
      "::ffff:1.2.3", "1.2.3.4::", "::1.2.3.4:5", "１.２.３.４", "*/8", "**"})
  void parse_malformed_isNull(String text) {
    assertThat(IpRange.parse(text)).isNull();
  }
}
