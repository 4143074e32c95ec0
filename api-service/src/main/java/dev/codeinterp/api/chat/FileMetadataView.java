package dev.codeinterp.api.chat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A grant's limits as clients see them: null means unlimited / never. */
public record FileMetadataView(Integer remainingDownloads, String expiresAt) {

    private static final DateTimeFormatter EXPIRES_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    public static FileMetadataView of(Integer remainingDownloads, Instant expiresAt) {
        return new FileMetadataView(remainingDownloads, expiresAt == null ? null : EXPIRES_AT.format(expiresAt));
    }
}
