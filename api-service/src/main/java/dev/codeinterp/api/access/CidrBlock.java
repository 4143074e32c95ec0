package dev.codeinterp.api.access;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address or a CIDR block, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8},
 * {@code ::1}). Matching is Netty's {@link IpSubnetFilterRule}; addresses are parsed as literals only (never a DNS
 * lookup). IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) are IPv4 addresses here, in blocks and in clients.
 */
public final class CidrBlock {

    private static final int MAPPED_PREFIX = 96;

    private final String text;
    private final IpSubnetFilterRule rule;

    private CidrBlock(String text, IpSubnetFilterRule rule) {
        this.text = text;
        this.rule = rule;
    }

    /** Parses {@code address} or {@code address/prefix}; fails with {@link IllegalArgumentException} otherwise. */
    public static CidrBlock parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = parseAddress(addressText)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: " + text));
        int bits = address instanceof Inet4Address ? 32 : 128;
        int prefix = slash < 0 ? bits : prefixLength(text, text.substring(slash + 1));
        if (address instanceof Inet4Address && addressText.contains(":")) {
            // ::ffff:10.0.0.0/104 is the IPv4 block 10.0.0.0/8.
            if (slash >= 0 && prefix < MAPPED_PREFIX) {
                throw new IllegalArgumentException("an IPv4-mapped block needs a prefix of at least 96: " + text);
            }
            prefix = slash < 0 ? bits : prefix - MAPPED_PREFIX;
        }
        if (prefix > bits) {
            throw new IllegalArgumentException("prefix longer than " + bits + " bits: " + text);
        }
        return new CidrBlock(text, new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
    }

    /** An IP literal (IPv4-mapped IPv6 as IPv4), or empty when {@code text} is not one; never a DNS lookup. */
    public static Optional<InetAddress> parseAddress(String text) {
        if (text.isEmpty() || text.indexOf('%') >= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(NetUtil.createInetAddressFromIpAddressString(text)).map(CidrBlock::normalize);
    }

    /** The IPv4 address for an IPv4-mapped IPv6 one; any other address unchanged. */
    public static InetAddress normalize(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return address;
        }
        byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    public boolean contains(InetAddress address) {
        return rule.matches(new InetSocketAddress(normalize(address), 0));
    }

    private static int prefixLength(String text, String digits) {
        if (!digits.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("not an IP address or CIDR block: " + text);
        }
        return Integer.parseInt(digits);
    }

    @Override
    public String toString() {
        return text;
    }
}
