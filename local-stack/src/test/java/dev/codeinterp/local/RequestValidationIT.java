package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Bad requests get problem details with a {@code detail}, never a stack trace. */
@Tag("security")
class RequestValidationIT {

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldAnswer400WithDetailWhenJsonIsMalformed() {
        client.post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"source_code\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .startsWith("Malformed JSON"));
    }

    @Test
    void shouldAcceptJsonSentWithoutAContentType() {
        client.post().uri("/v1/execute").bodyValue("{\"source_code\": \"print(5)\", \"chat_id\": \"no-type\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.stdout").isEqualTo("5\n");
    }

    @Test
    void shouldAnswer403WhenChatIdIsMissing() {
        assertThat(detailOf(Map.of("source_code", "print(1)"), 403)).isEqualTo("Chat ID required but missing");
    }

    @Test
    void shouldAnswer400WhenChatIdIsMalformed() {
        assertThat(detailOf(Map.of("source_code", "print(1)", "chat_id", "../etc"), 400)).contains("chat_id");
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenSourceCodeIsMissingOrOfTheWrongType() {
        assertThat(detailOf(Map.of("chat_id", "c"), 400)).contains("source_code");
        assertThat(detailOf(Map.of("chat_id", "c", "source_code", 5), 400)).contains("source_code");
        assertThat(detailOf(Map.of("chat_id", "c", "source_code", "1", "env", Map.of("A", 1)), 400)).contains("env");
        assertThat(detailOf(Map.of("chat_id", "c", "source_code", "1", "timeout", "soon"), 400)).contains("timeout");
        assertThat(detailOf(Map.of("chat_id", "c", "source_code", "1", "max_downloads", -1), 400))
                .contains("max_downloads");
        assertThat(detailOf(Map.of("chat_id", "c", "source_code", "1", "expires_in", "forever"), 400))
                .contains("expires_in");
    }

    @Test
    void shouldAnswer400WhenAFilesPathLeavesTheWorkspace() {
        String hash = "a".repeat(64);
        for (String path : new String[] {"/etc/passwd", "/workspace/../etc/passwd", "/workspace//x", "relative.txt",
                "/workspace/a\u0000b"}) {
            assertThat(detailOf(Map.of("chat_id", "c", "source_code", "1", "files", Map.of(path, hash)), 400))
                    .as(path).contains("files");
        }
    }

    @Test
    void shouldAnswer404NamingThePathWhenAnInputFileIsUnknown() {
        String detail = detailOf(Map.of("chat_id", "c", "source_code", "1",
                "files", Map.of("/workspace/missing.csv", "b".repeat(64))), 404);

        assertThat(detail).contains("/workspace/missing.csv");
    }

    @Test
    void shouldAnswer413WhenSourceCodeIsTooLarge() {
        detailOf(Map.of("chat_id", "c", "source_code", "#".repeat(1024 * 1024 + 1)), 413);
    }

    @Test
    void shouldAnswer413WhenTheBodyIsTooLarge() {
        detailOf(Map.of("chat_id", "c", "source_code", "1", "env", Map.of("BIG", "x".repeat(5 * 1024 * 1024))), 413);
    }

    @Test
    void shouldAnswer404WithProblemDetailsForUnknownRoutes() {
        client.get().uri("/v1/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").exists();
    }

    private String detailOf(Map<String, Object> body, int status) {
        Map<String, Object> problem = TestHttp.post(client, "/v1/execute", body, status);
        assertThat(problem).containsEntry("status", status).doesNotContainKey("trace");
        assertThat((String) problem.get("detail")).isNotBlank().doesNotContain("Exception");
        return (String) problem.get("detail");
    }
}
