package dev.codeinterp.common.files;

/** Names one grant: this chat may use the content with this hash under this filename. */
public record GrantKey(String chatId, String fileHash, String filename) {
}
