package dev.codeinterp.api.access;

import java.net.InetAddress;
import java.util.List;

/** A list of IP addresses and CIDR blocks from one setting, e.g. {@code APP_INTERNAL_IP_ALLOWLIST}. */
public record AddressRanges(List<CidrBlock> blocks) {

    public AddressRanges {
        blocks = List.copyOf(blocks);
    }

    /** Parses a list setting; a malformed entry fails with a message naming {@code variable}. */
    public static AddressRanges parse(String text, String variable) {
        return new AddressRanges(SettingList.parse(text, variable).stream().map(entry -> {
            try {
                return CidrBlock.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
            }
        }).toList());
    }

    public boolean contains(InetAddress address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }
}
