package io.coffer.core.iam.policy;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address or CIDR block, or {@code *} for every address, as the IP condition
 * operators take them. Parsing is purely textual: no name is ever resolved, so a host name is
 * simply malformed, and so are IPv6 zone ids ({@code %eth0}) and IPv4 parts with leading zeros
 * (which some parsers read as octal). A block whose address has host bits set
 * ({@code 10.1.2.3/8}) is accepted and means the block that contains it.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) given as a request address counts as
 * the IPv4 address it maps, because dual-stack sockets report IPv4 clients in that form.
 */
final class IpRange {
  private final byte[] network;
  private final int prefixBits;
  private final boolean any;

  private IpRange(byte[] network, int prefixBits, boolean any) {
    this.network = network;
    this.prefixBits = prefixBits;
    this.any = any;
  }

  /** Parses {@code *}, an address or a CIDR block; null when the text is none of those. */
  static IpRange parse(String text) {
    if (text.equals("*")) return new IpRange(new byte[0], 0, true);
    int slash = text.indexOf('/');
    byte[] address = parseAddress(slash < 0 ? text : text.substring(0, slash));
    if (address == null) return null;
    int bits = address.length * 8;
    if (slash >= 0) {
      String prefix = text.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
      if (prefix.length() > 1 && prefix.charAt(0) == '0') return null;
      int n = Integer.parseInt(prefix);
      if (n > bits) return null;
      bits = n;
    }
    return new IpRange(mask(address, bits), bits, false);
  }

  /** Whether {@code address} (a plain address, no block) lies in this range; false when malformed. */
  boolean contains(String address) {
    byte[] a = parseAddress(address);
    if (a == null) return false;
    if (any) return true;
    if (a.length == 16 && network.length == 4 && isIpv4Mapped(a)) a = Arrays.copyOfRange(a, 12, 16);
    if (a.length != network.length) return false;
    return Arrays.equals(mask(a, prefixBits), network);
  }

  /** The 4 or 16 bytes of a literal address, or null. */
  static byte[] parseAddress(String text) {
    if (text.isEmpty()) return null;
    return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
  }

  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
      if (p.length() > 1 && p.charAt(0) == '0') return null;
      int v = Integer.parseInt(p);
      if (v > 255) return null;
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return null;
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) return null;
    int total = headGroups.length + tailGroups.length;
    if (gap < 0 ? total != 8 : total > 7) return null;
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >>> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /**
   * The 16-bit groups of one side of an IPv6 address; an IPv4 dotted quad may end the address
   * (only where {@code mayEndInIpv4}, i.e. on the side that reaches the end) and counts as two.
   */
  private static int[] groups(String side, boolean mayEndInIpv4) {
    if (side.isEmpty()) return new int[0];
    String[] parts = side.split(":", -1);
    int[] out = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
        byte[] v4 = parseIpv4(p);
        if (v4 == null) return null;
        out[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
        out[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) return null;
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = Character.digit(p.charAt(k), 16);
        if (d < 0 || p.charAt(k) > 'f') return null;
        v = v << 4 | d;
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  private static boolean isIpv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }
}
