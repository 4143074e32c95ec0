package dev.codeinterp.local;

import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers for JSON calls in the end-to-end tests. */
final class TestHttp {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() {
            };

    private TestHttp() {
    }

    /** The {@code files} of an execute response: path → file hash. */
    @SuppressWarnings("unchecked")
    static Map<String, String> files(Map<String, Object> response) {
        return (Map<String, String>) response.get("files");
    }

    /** POSTs {@code body} as JSON, expects {@code status}, and returns the JSON object answered. */
    static Map<String, Object> post(WebTestClient client, String path, Object body, int status) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(JSON_OBJECT).returnResult().getResponseBody();
    }
}
