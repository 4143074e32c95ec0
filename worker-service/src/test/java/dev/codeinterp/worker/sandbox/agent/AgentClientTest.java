package dev.codeinterp.worker.sandbox.agent;

import static dev.codeinterp.worker.sandbox.AgentReplyBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.codeinterp.worker.sandbox.ScriptedSandbox;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AgentClientTest {

    private static final String OK_HEADER =
            "{\"v\":1,\"stdout\":\"42\\n\",\"stderr\":\"\",\"exit_code\":0,\"timed_out\":false,\"duration_ms\":7,"
                    + "\"files\":[]}\n";
    private static final String TWO_FILES_HEADER =
            "{\"v\":1,\"stdout\":\"\",\"stderr\":\"\",\"exit_code\":0,\"timed_out\":false,\"duration_ms\":7,"
                    + "\"files\":[{\"path\":\"/workspace/a.txt\",\"size\":3,\"sha256\":\"aa\"},"
                    + "{\"path\":\"/workspace/b.txt\",\"size\":5,\"sha256\":\"bb\"}]}\n";
    private static final OutputHandler IGNORE_FILES = (entry, content) -> { };

    private final AgentClient client = new AgentClient();

    @Test
    void shouldSendOneSnakeCaseHeaderLineThenInputBytesInOrderWhenExchanging() throws Exception {
        // given
        byte[] binary = {0, '\n', (byte) 0xff};
        byte[] text = utf8("hello");
        AgentRequest request = new AgentRequest(1, "print('a')\nprint('b')", Map.of("NAME", "value"), 5_000, 1024,
                true, List.of(new AgentRequest.FileEntry("/workspace/a.bin", 3),
                        new AgentRequest.FileEntry("/workspace/b.txt", 5)),
                new AgentRequest.Limits(10L, null, null, null, 1_000_000L));
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(OK_HEADER));

        // when
        client.exchange(sandbox, request, List.of(input("/workspace/a.bin", binary), input("/workspace/b.txt", text)),
                IGNORE_FILES);

        // then
        byte[] sent = sandbox.sentBytes();
        int newline = indexOf(sent, (byte) '\n');
        JsonNode header = JsonMapper.builder().build().readTree(Arrays.copyOfRange(sent, 0, newline));
        assertThat(header.propertyNames()).containsExactlyInAnyOrder("v", "source_code", "env", "timeout_ms",
                "max_output_bytes", "collect_files", "files", "limits", "stream_output", "package_paths", "notices");
        assertThat(header.get("v").asInt()).isEqualTo(1);
        assertThat(header.get("source_code").asString()).isEqualTo("print('a')\nprint('b')");
        assertThat(header.get("env").get("NAME").asString()).isEqualTo("value");
        assertThat(header.get("timeout_ms").asLong()).isEqualTo(5_000);
        assertThat(header.get("max_output_bytes").asInt()).isEqualTo(1024);
        assertThat(header.get("collect_files").asBoolean()).isTrue();
        assertThat(header.get("files").get(0).get("path").asString()).isEqualTo("/workspace/a.bin");
        assertThat(header.get("files").get(0).get("size").asLong()).isEqualTo(3);
        assertThat(header.get("files").get(1).get("path").asString()).isEqualTo("/workspace/b.txt");
        assertThat(header.get("limits").propertyNames()).containsExactlyInAnyOrder("cpu_seconds", "memory_bytes",
                "max_processes", "open_files", "file_size_bytes");
        assertThat(header.get("limits").get("cpu_seconds").asLong()).isEqualTo(10);
        assertThat(header.get("limits").get("file_size_bytes").asLong()).isEqualTo(1_000_000);
        assertThat(Arrays.copyOfRange(sent, newline + 1, sent.length)).isEqualTo(concat(binary, text));
    }

    @Test
    void shouldParseReplyHeaderWhenAgentSucceeds() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(OK_HEADER));

        AgentReply reply = client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES);

        assertThat(reply.stdout()).isEqualTo("42\n");
        assertThat(reply.stderr()).isEmpty();
        assertThat(reply.exitCode()).isZero();
        assertThat(reply.timedOut()).isFalse();
        assertThat(reply.durationMs()).isEqualTo(7);
        assertThat(reply.files()).isEmpty();
    }

    @Test
    void shouldStreamExactlyAnnouncedBytesInOrderWhenReplyHasTwoFiles() throws Exception {
        // given: the bytes after the second file must never reach a handler
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "abc" + "hello" + "TRAILING"));
        Map<String, String> received = new LinkedHashMap<>();

        // when
        AgentReply reply = client.exchange(sandbox, aRequest(), List.of(),
                (entry, content) -> received.put(entry.path(), new String(content.readAllBytes())));

        // then
        assertThat(received).containsExactly(entry("/workspace/a.txt", "abc"), entry("/workspace/b.txt", "hello"));
        assertThat(reply.files()).extracting(AgentReply.OutputEntry::sha256).containsExactly("aa", "bb");
    }

    @Test
    void shouldStartNextFileAtItsFirstByteWhenHandlerReadsNothingOfPreviousFile() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "abc" + "hello"));
        Map<String, String> received = new LinkedHashMap<>();

        client.exchange(sandbox, aRequest(), List.of(), (entry, content) -> {
            if (entry.path().endsWith("b.txt")) {
                received.put(entry.path(), new String(content.readAllBytes()));
            }
        });

        assertThat(received).containsExactly(entry("/workspace/b.txt", "hello"));
    }

    @Test
    void shouldStartNextFileAtItsFirstByteWhenHandlerReadsPartOfPreviousFile() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "abc" + "hello"));
        Map<String, String> received = new LinkedHashMap<>();

        client.exchange(sandbox, aRequest(), List.of(),
                (entry, content) -> received.put(entry.path(), new String(content.readNBytes(2))));

        assertThat(received).containsExactly(entry("/workspace/a.txt", "ab"), entry("/workspace/b.txt", "he"));
    }

    @Test
    void shouldFailNamingAgentErrorWhenAgentRefusesJob() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"v\":1,\"error\":\"files[0] has a bad path\"}\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("files[0] has a bad path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"v\":1,\"stdout\":\"4"})
    void shouldFailWhenSandboxEndsBeforeReplyHeaderIsComplete(String reply) {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(reply));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("ended before replying");
    }

    @Test
    void shouldFailWithoutReadingOnWhenHeaderLineExceedsBound() {
        // given: an agent that sends header bytes forever, never a newline
        int maxOutputBytes = 1024;
        long bound = 12L * maxOutputBytes + 16 * 1024 * 1024;
        AtomicLong bytesRead = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                bytesRead.incrementAndGet();
                return 'x';
            }
        };
        ScriptedSandbox sandbox = ScriptedSandbox.replying(endless);

        // when / then
        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(maxOutputBytes), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("exceeds");
        assertThat(bytesRead.get()).isLessThanOrEqualTo(bound + 1);
    }

    @Test
    void shouldFailWhenHandlerReadsTruncatedFileBytes() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "abc" + "hel"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(),
                (entry, content) -> content.readAllBytes()))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("Could not receive output files");
    }

    @Test
    void shouldFailWhenHandlerSkipsTruncatedFileBytes() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "ab"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("Could not receive output files");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"stdout\":\"\",\"stderr\":\"\",\"timed_out\":false,\"files\":[]}",
            "{\"v\":1,\"stderr\":\"\",\"exit_code\":0,\"files\":[]}",
            "{\"v\":1,\"stdout\":\"\",\"exit_code\":0,\"files\":[]}"})
    void shouldFailWhenReplyLacksExitCodeOrOutput(String header) {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(header + "\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("incomplete reply");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":1,", "not json", "[1,2]", "{\"v\":1,\"exit_code\":\"zero\"}"})
    void shouldFailWhenReplyHeaderIsMalformed(String header) {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(header + "\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("malformed reply");
    }

    @Test
    void shouldFailWhenReplyAnnouncesNegativeFileSize() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"v\":1,\"stdout\":\"\",\"stderr\":\"\","
                + "\"exit_code\":0,\"files\":[{\"path\":\"/workspace/a\",\"size\":-1,\"sha256\":\"aa\"}]}\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("invalid file entry");
    }

    @Test
    void shouldPassHandlerFailureOnUnchangedWhenHandlerRejectsFile() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(TWO_FILES_HEADER + "abc" + "hello"));
        SandboxFailure rejection = new SandboxFailure("wrong hash");

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), (entry, content) -> {
            throw rejection;
        })).isSameAs(rejection);
    }

    @Test
    void shouldFailNamingInputWhenItsStreamYieldsFewerBytesThanDeclared() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(OK_HEADER));
        InputContent shortInput = new InputContent() {
            @Override
            public String path() {
                return "/workspace/data.csv";
            }

            @Override
            public long size() {
                return 10;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(utf8("abc"));
            }
        };

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(shortInput), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class)
                .hasMessageContaining("/workspace/data.csv")
                .hasMessageContaining("3 bytes, expected 10");
    }

    @Test
    void shouldAcceptReadyLineWhenAgentReportsReady() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"ready\": true, \"v\": 1}\n" + OK_HEADER));

        client.awaitReady(sandbox);

        assertThat(client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES).stdout())
                .as("the reply after the ready line").isEqualTo("42\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"ready\": true", "{\"v\":1,\"error\":\"cannot start\"}\n", "hello\n",
            "Traceback (most recent call last):\n"})
    void shouldRejectAnythingButReadyLineWhenAwaitingReady(String firstBytes) {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(firstBytes));

        assertThatThrownBy(() -> client.awaitReady(sandbox)).isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldRejectOverlongLineWhenAwaitingReady() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("x".repeat(5000) + "\"ready\"\n"));

        assertThatThrownBy(() -> client.awaitReady(sandbox)).isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldRejectReadyFalseWhenAwaitingReady() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"ready\": false, \"v\": 1}\n"));

        assertThatThrownBy(() -> client.awaitReady(sandbox)).isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldFailWithSandboxFailureWhenReplyHeaderIsJsonNull() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("null\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldFailWithSandboxFailureWhenReplyListsNullFile() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"v\":1,\"stdout\":\"\",\"stderr\":\"\","
                + "\"exit_code\":0,\"files\":[null]}\n"));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldPassEachChunkInOrderThenReadTheReplyWhenOutputIsStreamed() throws Exception {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8("{\"v\":1,\"chunk\":\"stdout\",\"text\":\"4\"}\n"
                + "{\"v\":1,\"chunk\":\"stderr\",\"text\":\"warn ✓\\n\"}\n"
                + "{\"v\":1,\"chunk\":\"stdout\",\"text\":\"2\\n\"}\n" + OK_HEADER));
        List<String> chunks = new java.util.ArrayList<>();

        AgentReply reply = client.exchange(sandbox, aStreamedRequest(1024), List.of(), IGNORE_FILES,
                (stream, text) -> chunks.add(stream.wireName() + ":" + text));

        assertThat(chunks).containsExactly("stdout:4", "stderr:warn ✓\n", "stdout:2\n");
        assertThat(reply.stdout()).isEqualTo("42\n");
    }

    @Test
    void shouldFailWhenChunksExceedTheOutputLimitOfBothStreams() {
        String chunk = "{\"v\":1,\"chunk\":\"stdout\",\"text\":\"" + "x".repeat(600) + "\"}\n";
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(chunk.repeat(4) + OK_HEADER));

        assertThatThrownBy(() -> client.exchange(sandbox, aStreamedRequest(1000), List.of(), IGNORE_FILES,
                (stream, text) -> { }))
                .isInstanceOf(SandboxFailure.class).hasMessageContaining("more live output");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":1,\"chunk\":\"stdin\",\"text\":\"x\"}", "{\"v\":1,\"chunk\":\"stdout\",\"text\":7}",
            "{\"v\":1,\"chunk\":\"stdout\"}", "{\"v\":1,\"chunk\":\"stdout\",\"text\":\"x\""})
    void shouldFailWhenAChunkIsInvalid(String line) {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(utf8(line + "\n" + OK_HEADER));

        assertThatThrownBy(() -> client.exchange(sandbox, aStreamedRequest(1024), List.of(), IGNORE_FILES,
                (stream, text) -> { }))
                .isInstanceOf(SandboxFailure.class);
    }

    @Test
    void shouldRefuseChunksWhenOutputWasNotStreamed() {
        ScriptedSandbox sandbox = ScriptedSandbox.replying(
                utf8("{\"v\":1,\"chunk\":\"stdout\",\"text\":\"4\"}\n" + OK_HEADER));

        assertThatThrownBy(() -> client.exchange(sandbox, aRequest(), List.of(), IGNORE_FILES))
                .isInstanceOf(SandboxFailure.class).hasMessageContaining("incomplete reply");
    }

    private static AgentRequest aStreamedRequest(int maxOutputBytes) {
        return new AgentRequest(1, "print(21 * 2)", Map.of(), 60_000, maxOutputBytes, true, List.of(),
                AgentRequest.Limits.none(), true);
    }

    private static AgentRequest aRequest() {
        return aRequest(1024 * 1024);
    }

    private static AgentRequest aRequest(int maxOutputBytes) {
        return new AgentRequest(1, "print(21 * 2)", Map.of(), 60_000, maxOutputBytes, true, List.of(),
                AgentRequest.Limits.none());
    }

    private static InputContent input(String path, byte[] content) {
        return new InMemoryInput(path, content);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("no newline in " + new String(bytes));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
