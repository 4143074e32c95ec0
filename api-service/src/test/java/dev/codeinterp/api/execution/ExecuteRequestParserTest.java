package dev.codeinterp.api.execution;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.config.ApiPropertiesBuilder;
import dev.codeinterp.api.web.ApiException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class ExecuteRequestParserTest {

    private static final String HASH = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldApplyDocumentedDefaultsWhenOnlySourceAndChatAreGiven() {
        ExecuteRequest request = parse("{'source_code': 'print(1)', 'chat_id': 'chat-1'}");

        assertThat(request).isEqualTo(new ExecuteRequest("chat-1", "print(1)", Map.of(), Map.of(),
                true, 0, null, Duration.ofSeconds(60)));
    }

    @Test
    void shouldApplyConfiguredDefaultsWhenRequestGivesNone() {
        ApiProperties properties = defaultApiProperties().executionTimeout(Duration.ofSeconds(10))
                .globalMaxDownloads(3).persistentWorkspaceDefault(false).defaultExpiresIn("1h").build();

        ExecuteRequest request = parse(properties, "{'source_code': 'print(1)', 'chat_id': 'chat-1'}");

        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(request.maxDownloads()).isEqualTo(3);
        assertThat(request.persistentWorkspace()).isFalse();
        assertThat(request.expiresAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReadEveryFieldWhenGivenInSnakeCase() {
        ExecuteRequest request = parse("""
                {'source_code': 'print(2)', 'chat_id': 'chat-2', 'files': {'/workspace/in.csv': '%s'},
                 'env': {'A': '1'}, 'persistent_workspace': false, 'max_downloads': 4, 'expires_in': '2h',
                 'timeout': 30}""".formatted(HASH));

        assertThat(request).isEqualTo(new ExecuteRequest("chat-2", "print(2)",
                Map.of("/workspace/in.csv", HASH), Map.of("A", "1"), false, 4,
                Duration.ofHours(2), Duration.ofSeconds(30)));
    }

    @Test
    void shouldReadCamelCaseAliasesWhenSnakeCaseNamesAreAbsent() {
        ExecuteRequest request = parse("""
                {'sourceCode': 'print(3)', 'chatId': 'chat-3', 'persistentWorkspace': false, 'maxDownloads': 2,
                 'expiresIn': '1d', 'timeoutSeconds': 5}""");

        assertThat(request).isEqualTo(new ExecuteRequest("chat-3", "print(3)", Map.of(), Map.of(),
                false, 2, Duration.ofDays(1), Duration.ofSeconds(5)));
    }

    @Test
    void shouldPreferSnakeCaseNameWhenBothNamesAreGiven() {
        ExecuteRequest request = parse("{'source_code': 'snake', 'sourceCode': 'camel', 'chat_id': 'c', 'timeout': 7, "
                + "'timeoutSeconds': 9}");

        assertThat(request.sourceCode()).isEqualTo("snake");
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldUseAliasWhenSnakeCaseNameIsNull() {
        ExecuteRequest request = parse("{'source_code': null, 'sourceCode': 'camel', 'chat_id': 'c'}");

        assertThat(request.sourceCode()).isEqualTo("camel");
    }

    @Test
    void shouldReadWrappedBodyWhenItComesAsRequestBody() {
        ExecuteRequest request = parse("{'requestBody': {'sourceCode': 'print(4)', 'chatId': 'chat-4', 'timeout': 2}}");

        assertThat(request.sourceCode()).isEqualTo("print(4)");
        assertThat(request.chatId()).isEqualTo("chat-4");
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldKeepEnvAndFilesKeysVerbatimWhenTheyLookLikeFieldNames() {
        ExecuteRequest request = parse("""
                {'source_code': 'x', 'chat_id': 'c',
                 'env': {'camelCase': '1', 'snake_case': '2', 'sourceCode': '3', 'UPPER': '4', 'requestBody': '5'},
                 'files': {'/workspace/MyDir/someFile.TXT': '%s', '/workspace/chatId': '%s'}}""".formatted(HASH, HASH));

        assertThat(request.env()).containsExactly(entry("camelCase", "1"), entry("snake_case", "2"),
                entry("sourceCode", "3"), entry("UPPER", "4"), entry("requestBody", "5"));
        assertThat(request.files()).containsOnlyKeys("/workspace/MyDir/someFile.TXT", "/workspace/chatId");
    }

    @Test
    void shouldCapTimeoutWhenRequestedAboveMaximum() {
        ExecuteRequest request = parse("{'source_code': 'x', 'chat_id': 'c', 'timeout': 100000}");

        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(600));
    }

    @ParameterizedTest(name = "timeout {0} s = {1}")
    @CsvSource({"0.5, PT0.5S", "1.0001, PT1.001S", "0.0001, PT0.001S", "2.25, PT2.25S"})
    void shouldRoundFractionalTimeoutUpToTheMillisecondWhenGiven(String seconds, Duration expected) {
        ExecuteRequest request = parse("{'source_code': 'x', 'chat_id': 'c', 'timeout': " + seconds + "}");

        assertThat(request.timeout()).isEqualTo(expected);
    }

    @Test
    void shouldAcceptDigitsStringWhenMaxDownloadsIsText() {
        assertThat(parse("{'source_code': 'x', 'chat_id': 'c', 'max_downloads': '5'}").maxDownloads()).isEqualTo(5);
    }

    @Test
    void shouldAcceptSecondsNumberWhenExpiresInIsInteger() {
        assertThat(parse("{'source_code': 'x', 'chat_id': 'c', 'expires_in': 3600}").expiresAfter())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldUseDefaultChatWhenChatIdIsOptionalAndAbsent() {
        ExecuteRequest request = parse(defaultApiProperties().requireChatId(false).build(), "{'source_code': 'x'}");

        assertThat(request.chatId()).isEqualTo("default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'chat_id': 'c'}                                                  | 'source_code'",
            "{'chat_id': 'c', 'source_code': 5}                                | 'source_code'",
            "{'chat_id': 5, 'source_code': 'x'}                                | 'chat_id'",
            "{'chat_id': 'bad id', 'source_code': 'x'}                         | 'chat_id'",
            "{'chat_id': 'c', 'source_code': 'x', 'files': []}                 | 'files'",
            "{'chat_id': 'c', 'source_code': 'x', 'files': {'/workspace/a': 5}} | 'files'",
            "{'chat_id': 'c', 'source_code': 'x', 'files': {'/etc/passwd': 'HASH'}} | 'files'",
            "{'chat_id': 'c', 'source_code': 'x', 'files': {'/workspace/../x': 'HASH'}} | 'files'",
            "{'chat_id': 'c', 'source_code': 'x', 'files': {'/workspace/a': 'ABC'}} | 'files'",
            "{'chat_id': 'c', 'source_code': 'x', 'env': 'A=1'}                | 'env'",
            "{'chat_id': 'c', 'source_code': 'x', 'env': {'A': 1}}             | 'env'",
            "{'chat_id': 'c', 'source_code': 'x', 'env': {'A=B': '1'}}         | 'env'",
            "{'chat_id': 'c', 'source_code': 'x', 'env': {'': '1'}}            | 'env'",
            "{'chat_id': 'c', 'source_code': 'x', 'env': {'A': 'x\\u0000y'}}   | 'env'",
            "{'chat_id': 'c', 'source_code': 'x', 'persistent_workspace': 'yes'} | 'persistent_workspace'",
            "{'chat_id': 'c', 'source_code': 'x', 'max_downloads': -1}         | 'max_downloads'",
            "{'chat_id': 'c', 'source_code': 'x', 'max_downloads': 1.5}        | 'max_downloads'",
            "{'chat_id': 'c', 'source_code': 'x', 'max_downloads': 'abc'}      | 'max_downloads'",
            "{'chat_id': 'c', 'source_code': 'x', 'max_downloads': 10000000000} | 'max_downloads'",
            "{'chat_id': 'c', 'source_code': 'x', 'maxDownloads': -1}          | 'max_downloads'",
            "{'chat_id': 'c', 'source_code': 'x', 'timeout': 0}                | 'timeout'",
            "{'chat_id': 'c', 'source_code': 'x', 'timeout': -1}               | 'timeout'",
            "{'chat_id': 'c', 'source_code': 'x', 'timeout': '30'}             | 'timeout'",
            "{'chat_id': 'c', 'source_code': 'x', 'timeoutSeconds': true}      | 'timeout'",
            "{'chat_id': 'c', 'source_code': 'x', 'expires_in': '5x'}          | 'expires_in'",
            "{'chat_id': 'c', 'source_code': 'x', 'expires_in': -5}            | 'expires_in'",
            "{'chat_id': 'c', 'source_code': 'x', 'expires_in': 1.5}           | 'expires_in'",
            "{'chat_id': 'c', 'source_code': 'x', 'expires_in': ''}            | 'expires_in'"})
    void shouldRejectWith400NamingTheFieldWhenItIsInvalid(String json, String field) {
        assertThatThrownBy(() -> parse(json.replace("HASH", HASH)))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST))
                .hasMessageContaining(field);
    }

    @Test
    void shouldRejectWith400WhenBodyIsNotAnObject() {
        assertThatThrownBy(() -> parse("['print(1)']"))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST))
                .hasMessage("Request body must be a JSON object");
    }

    @Test
    void shouldShowNulAsEscapeWhenPathIsRejected() {
        assertThatThrownBy(() -> parse("{'chat_id': 'c', 'source_code': 'x', 'files': {'/workspace/a\\u0000b': '"
                + HASH + "'}}"))
                .isInstanceOf(ApiException.class)
                .hasMessage("Invalid path in 'files': '/workspace/a\\0b' must not contain NUL characters");
    }

    @Test
    void shouldRefuseWith403WhenChatIdIsRequiredButAbsent() {
        assertThatThrownBy(() -> parse("{'source_code': 'x'}"))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.FORBIDDEN))
                .hasMessage("Chat ID required but missing");
    }

    @Test
    void shouldRefuseWith403WhenChatIdIsRequiredButEmpty() {
        assertThatThrownBy(() -> parse("{'source_code': 'x', 'chat_id': ''}"))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.FORBIDDEN));
    }

    @Test
    void shouldAcceptSourceWhenItIsExactlyTheMaximumSizeInUtf8Bytes() {
        ApiProperties properties = defaultApiProperties().maxSourceSize(DataSize.ofBytes(10)).build();

        assertThat(parse(properties, "{'chat_id': 'c', 'source_code': 'ééééé'}").sourceCode()).isEqualTo("ééééé");
    }

    @Test
    void shouldRejectWith413NamingFieldWhenSourceIsLargerInUtf8Bytes() {
        ApiProperties properties = defaultApiProperties().maxSourceSize(DataSize.ofBytes(10)).build();

        assertThatThrownBy(() -> parse(properties, "{'chat_id': 'c', 'source_code': 'éééééé'}"))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.CONTENT_TOO_LARGE))
                .hasMessageContaining("'source_code'");
    }

    @Test
    void shouldRejectWith400NamingFieldWhenEnvHasTooManyEntries() {
        ApiPropertiesBuilder properties = defaultApiProperties().maxEnvEntries(2);
        String body = "{'chat_id': 'c', 'source_code': 'x', 'env': {%s}}";

        assertThat(parse(properties.build(), body.formatted("'A': '1', 'B': '2'")).env()).hasSize(2);
        assertThatThrownBy(() -> parse(properties.build(), body.formatted("'A': '1', 'B': '2', 'C': '3'")))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST))
                .hasMessageContaining("'env'")
                .hasMessageContaining("at most 2");
    }

    @Test
    void shouldRejectWith400NamingFieldWhenFilesHaveTooManyEntries() {
        ApiProperties properties = defaultApiProperties().maxFilesEntries(1).build();
        String body = "{'chat_id': 'c', 'source_code': 'x', 'files': {'/workspace/a': '%s', '/workspace/b': '%s'}}";

        assertThatThrownBy(() -> parse(properties, body.formatted(HASH, HASH)))
                .isInstanceOfSatisfying(ApiException.class, status(HttpStatus.BAD_REQUEST))
                .hasMessageContaining("'files'")
                .hasMessageContaining("at most 1");
    }

    private static ExecuteRequest parse(String json) {
        return parse(defaultApiProperties().build(), json);
    }

    /** Parses JSON written with single quotes, which keeps the bodies in this test readable. */
    private static ExecuteRequest parse(ApiProperties properties, String json) {
        ExecuteRequestParser parser = new ExecuteRequestParser(properties.executeRequestSettings(), properties.expiryPolicy());
        return parser.parse(JSON.readTree(json.replace('\'', '"')));
    }

    private static Consumer<ApiException> status(HttpStatus expected) {
        return e -> assertThat(e.status()).isEqualTo(expected);
    }
}
