package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class AttachmentHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"report 1.csv", "žluťoučký kůň.txt", "\"quoted\".txt", "résumé 2024.txt",
            "semi;colon=1.txt", "back\\slash.txt", "日本語 🐍.py", "100% done.txt"})
    void shouldRoundTripTheFilenameThroughContentDisposition(String filename) {
        String header = AttachmentHeaders.of(filename, 1).getFirst(HttpHeaders.CONTENT_DISPOSITION);

        ContentDisposition parsed = ContentDisposition.parse(header);

        assertThat(parsed.isAttachment()).isTrue();
        assertThat(parsed.getFilename()).isEqualTo(filename);
    }

    @Test
    void shouldQuoteAPlainNameAndEncodeItAsRfc5987Too() {
        String header = AttachmentHeaders.of("report 1.csv", 1).getFirst(HttpHeaders.CONTENT_DISPOSITION);

        assertThat(header).isEqualTo("attachment; filename=\"report 1.csv\"; filename*=UTF-8''report%201.csv");
    }

    @Test
    void shouldEscapeQuotesInTheFallbackName() {
        String header = AttachmentHeaders.of("\"quoted\".txt", 1).getFirst(HttpHeaders.CONTENT_DISPOSITION);

        assertThat(header).startsWith("attachment; filename=\"\\\"quoted\\\".txt\"; filename*=UTF-8''%22quoted%22.txt");
    }

    @Test
    void shouldGiveANonLatin1NameAnAsciiFallbackAndTheExactNameAsRfc5987() {
        String header = AttachmentHeaders.of("žluťoučký kůň.txt", 1).getFirst(HttpHeaders.CONTENT_DISPOSITION);

        assertThat(header).contains("filename*=UTF-8''%C5%BElu%C5%A5ou%C4%8Dk%C3%BD%20k%C5%AF%C5%88.txt");
        String fallback = header.substring(header.indexOf("filename=\"") + 10, header.indexOf("\";"));
        assertThat(fallback.chars()).allMatch(c -> c < 256);
    }

    @Test
    void shouldDeclareTypeLengthAndNoSniffing() {
        HttpHeaders headers = AttachmentHeaders.of("plot.png", 1234);

        assertThat(headers.getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(headers.getContentLength()).isEqualTo(1234);
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
