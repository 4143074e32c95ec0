package dev.codeinterp.common.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a callback may not reach unless its host is allowlisted: everything that is not the public
 * internet. IPv6 forms that embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the IPv4 address inside.
 */
public final class NonPublicAddresses {

    private NonPublicAddresses() {
    }

    /** Why the address is not public ({@code "loopback"}, {@code "private"}...), or empty for a public address. */
    public static Optional<String> reason(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(bytes);
        }
        if (address instanceof Inet6Address) {
            return ipv6(bytes);
        }
        return Optional.of("unknown");
    }

    private static Optional<String> ipv4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (first == 0) {
            return Optional.of("unspecified");
        }
        if (first == 127) {
            return Optional.of("loopback");
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of("private");
        }
        if (first == 169 && second == 254) {
            return Optional.of("link-local");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("carrier-grade NAT");
        }
        if ((first & 0xf0) == 224) {
            return Optional.of("multicast");
        }
        if ((first & 0xf0) == 240) {
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] a) {
        if (zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return ipv4(slice(a, 12));
        }
        if (zero(a, 0, 12)) {
            if (zero(a, 12, 15)) {
                int last = a[15] & 0xff;
                if (last == 0) {
                    return Optional.of("unspecified");
                }
                if (last == 1) {
                    return Optional.of("loopback");
                }
            }
            return ipv4(slice(a, 12));
        }
        if (a[0] == 0 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && zero(a, 4, 12)) {
            return ipv4(slice(a, 12));
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return ipv4(slice(a, 2));
        }
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("private");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("link-local");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("site-local");
        }
        if (first == 0xff) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }
}
