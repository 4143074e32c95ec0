package dev.codeinterp.api.files;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * The headers of a download: type from the extension, length, and {@code Content-Disposition: attachment} with the
 * name both as an ISO-8859-1 {@code filename} fallback and as an RFC 5987 {@code filename*} (RFC 6266), so names with
 * spaces, quotes or any script reach the client intact. {@code nosniff} keeps browsers to the declared type.
 */
final class AttachmentHeaders {

    private AttachmentHeaders() {
    }

    static HttpHeaders of(String filename, long size) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(ContentTypes.forFilename(filename));
        headers.setContentLength(size);
        headers.setContentDisposition(contentDisposition(filename));
        headers.set("X-Content-Type-Options", "nosniff");
        return headers;
    }

    static ContentDisposition contentDisposition(String filename) {
        return ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build();
    }
}
