package dev.codeinterp.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-data builder for the bytes an agent sends back (protocol v1 of executor-image/agent/agent.py): the JSON header
 * line with the wire's own snake_case keys, then each file's raw bytes. A successful run printing {@code 42} with no
 * files unless told otherwise.
 */
public final class AgentReplyBytes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String stdout = "42\n";
    private String stderr = "";
    private int exitCode;
    private boolean timedOut;
    private final List<Map<String, Object>> files = new ArrayList<>();
    private final ByteArrayOutputStream fileBytes = new ByteArrayOutputStream();

    private AgentReplyBytes() {
    }

    public static AgentReplyBytes anAgentReply() {
        return new AgentReplyBytes();
    }

    /** The refusal an agent sends for a bad request. */
    public static byte[] anAgentError(String error) {
        return line(Map.of("v", 1, "error", error));
    }

    public AgentReplyBytes withStdout(String stdout) {
        this.stdout = stdout;
        return this;
    }

    public AgentReplyBytes withStderr(String stderr) {
        this.stderr = stderr;
        return this;
    }

    public AgentReplyBytes withExitCode(int exitCode) {
        this.exitCode = exitCode;
        return this;
    }

    public AgentReplyBytes timedOut() {
        this.timedOut = true;
        this.exitCode = -1;
        return this;
    }

    /** A changed file, announced with its true size and SHA-256. */
    public AgentReplyBytes withFile(String path, byte[] content) {
        return withFile(path, content, sha256(content));
    }

    /** A changed file announced with the given SHA-256, whatever its content. */
    public AgentReplyBytes withFile(String path, byte[] content, String announcedSha256) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", path);
        entry.put("size", content.length);
        entry.put("sha256", announcedSha256);
        files.add(entry);
        fileBytes.writeBytes(content);
        return this;
    }

    /** A file entry exactly as given (e.g. lacking a field), followed by {@code content}. */
    public AgentReplyBytes withRawFileEntry(Map<String, Object> entry, byte[] content) {
        files.add(entry);
        fileBytes.writeBytes(content);
        return this;
    }

    public byte[] build() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("v", 1);
        header.put("stdout", stdout);
        header.put("stderr", stderr);
        header.put("exit_code", exitCode);
        header.put("timed_out", timedOut);
        header.put("duration_ms", 12);
        header.put("files", files);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(line(header));
        out.writeBytes(fileBytes.toByteArray());
        return out.toByteArray();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] line(Map<String, ?> header) {
        return (JSON.writeValueAsString(header) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
