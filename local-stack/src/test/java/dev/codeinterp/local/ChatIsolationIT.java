package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A file belongs to the chats holding a grant for it; no other chat can use it, even knowing its hash. */
@Tag("security")
class ChatIsolationIT {

    private final WebTestClient client = TestStack.client();

    @Test
    void shouldRefuseAFileOfChatAToChatB() {
        Map<String, Object> produced = TestHttp.post(client, "/v1/execute", Map.of("chat_id", "chat-a",
                "source_code", "open('secret.txt', 'w').write('only for chat a')"), 200);
        String hash = (String) TestHttp.files(produced).get("/workspace/secret.txt");

        Map<String, Object> denied = TestHttp.post(client, "/v1/execute", Map.of("chat_id", "chat-b",
                "files", Map.of("/workspace/secret.txt", hash), "source_code", "print(open('secret.txt').read())"),
                404);
        Map<String, Object> allowed = TestHttp.post(client, "/v1/execute", Map.of("chat_id", "chat-a",
                "files", Map.of("/workspace/secret.txt", hash), "source_code", "print(open('secret.txt').read())"),
                200);

        assertThat((String) denied.get("detail")).isEqualTo("File not found: /workspace/secret.txt");
        assertThat(allowed).containsEntry("stdout", "only for chat a\n");
    }
}
