package dev.codeinterp.api.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.common.files.GrantKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GrantRequestParserTest {

    private static final String HASH = "ab".repeat(32);
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final GrantRequestParser parser = new GrantRequestParser(true);

    @Test
    void shouldReadTheGrantKey() {
        GrantKey key = parser.parse(json("{\"chat_id\": \"chat\", \"file_hash\": \"" + HASH
                + "\", \"filename\": \"résumé 2024.txt\"}"));

        assertThat(key).isEqualTo(new GrantKey("chat", HASH, "résumé 2024.txt"));
    }

    @Test
    void shouldAcceptAliasesAndAWrappedBody() {
        GrantKey key = parser.parse(json("{\"requestBody\": {\"chatId\": \"chat\", \"fileHash\": \"" + HASH
                + "\", \"filename\": \"a.txt\"}}"));

        assertThat(key).isEqualTo(new GrantKey("chat", HASH, "a.txt"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"chat_id\": \"chat\", \"filename\": \"a.txt\"}                                  | file_hash",
            "{\"chat_id\": \"chat\", \"file_hash\": \"ABC\", \"filename\": \"a.txt\"}          | file_hash",
            "{\"chat_id\": \"chat\", \"file_hash\": 42, \"filename\": \"a.txt\"}               | file_hash",
            "{\"chat_id\": \"chat\", \"file_hash\": \"HASH\"}                                  | filename",
            "{\"chat_id\": \"chat\", \"file_hash\": \"HASH\", \"filename\": \"a/b\"}           | Invalid filename",
            "{\"chat_id\": \"c h a t\", \"file_hash\": \"HASH\", \"filename\": \"a.txt\"}      | chat_id"})
    void shouldAnswer400NamingTheMalformedField(String body, String named) {
        assertThatThrownBy(() -> parser.parse(json(body.replace("HASH", HASH))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).contains(named);
                });
    }

    @Test
    void shouldAnswer403WhenChatIdIsMissing() {
        assertThatThrownBy(() -> parser.parse(json("{\"file_hash\": \"" + HASH + "\", \"filename\": \"a.txt\"}")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    private JsonNode json(String text) {
        return mapper.readTree(text);
    }
}
