package dev.codeinterp.api.files;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class UploadRequestParserTest {

    private UploadRequestParser parser = parserFor(defaultApiProperties().build());

    @Test
    void shouldApplyTheConfiguredDefaultsWhenOnlyChatIsGiven() {
        parser = parserFor(defaultApiProperties().globalMaxDownloads(3).defaultExpiresIn("1d").build());

        UploadRequest request = parser.parse(Map.of("chat_id", "chat"), "a.txt");

        assertThat(request).isEqualTo(new UploadRequest("chat", "a.txt", 3, Duration.ofDays(1)));
    }

    @Test
    void shouldReadMaxDownloadsAndExpiresInFromTheForm() {
        UploadRequest request = parser.parse(Map.of("chat_id", "chat", "max_downloads", " 7 ", "expires_in", "2h"),
                "a.txt");

        assertThat(request.maxDownloads()).isEqualTo(7);
        assertThat(request.expiresAfter()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldAcceptCamelCaseAliases() {
        UploadRequest request = parser.parse(Map.of("chatId", "chat", "maxDownloads", "0", "expiresIn", "30"),
                "a.txt");

        assertThat(request).isEqualTo(new UploadRequest("chat", "a.txt", 0, Duration.ofSeconds(30)));
    }

    @Test
    void shouldTreatEmptyFieldsAsNotSent() {
        parser = parserFor(defaultApiProperties().globalMaxDownloads(2).build());

        UploadRequest request = parser.parse(Map.of("chat_id", "chat", "max_downloads", "", "expires_in", ""),
                "a.txt");

        assertThat(request.maxDownloads()).isEqualTo(2);
        assertThat(request.expiresAfter()).isNull();
    }

    @Test
    void shouldAnswer403WhenChatIdIsMissingAndRequired() {
        assertThatThrownBy(() -> parser.parse(Map.of(), "a.txt")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void shouldUseTheDefaultChatWhenNotRequired() {
        parser = parserFor(defaultApiProperties().requireChatId(false).build());

        assertThat(parser.parse(Map.of(), "a.txt").chatId()).isEqualTo("default");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenAValueIsMalformed() {
        assertBadRequest(Map.of("chat_id", "not a chat id"), "a.txt", "chat_id");
        assertBadRequest(Map.of("chat_id", "chat", "max_downloads", "-1"), "a.txt", "max_downloads");
        assertBadRequest(Map.of("chat_id", "chat", "max_downloads", "many"), "a.txt", "max_downloads");
        assertBadRequest(Map.of("chat_id", "chat", "expires_in", "soon"), "a.txt", "expires_in");
    }

    @Test
    void shouldAnswer400NamingTheUploadPartWhenItIsMissing() {
        assertBadRequest(Map.of("chat_id", "chat"), null, "'upload'");
    }

    private void assertBadRequest(Map<String, String> fields, String filename, String named) {
        assertThatThrownBy(() -> parser.parse(fields, filename)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).contains(named);
        });
    }

    private static UploadRequestParser parserFor(ApiProperties properties) {
        return new UploadRequestParser(properties.fileSettings(), properties.expiryPolicy());
    }
}
