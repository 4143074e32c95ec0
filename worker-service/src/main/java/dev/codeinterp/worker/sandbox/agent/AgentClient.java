package dev.codeinterp.worker.sandbox.agent;

import dev.codeinterp.common.job.OutputChunk;
import dev.codeinterp.worker.sandbox.SandboxFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Host side of the agent protocol (see executor-image/agent/agent.py): one JSON header line plus raw file bytes each
 * way. The same client serves every sandbox backend. Nothing the agent sends is trusted: header size is bounded and
 * file bytes are handed to the {@link OutputHandler}, which verifies them.
 */
public final class AgentClient {

    /** Bounds a reply header: two capped output streams, JSON-escaped at worst six bytes per byte, plus the list. */
    private static final int HEADER_SLACK = 16 * 1024 * 1024;
    /** How each live output line starts (the agent writes compact JSON, keys in this order). */
    private static final byte[] CHUNK_PREFIX = "{\"v\":1,\"chunk\":".getBytes(StandardCharsets.US_ASCII);

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Reads the agent's ready line; called when the sandbox starts, before it joins the warm pool. */
    public void awaitReady(AgentChannel sandbox) throws SandboxFailure {
        byte[] line = readLine(sandbox, 4096);
        try {
            if (mapper.readTree(line).path("ready").asBoolean(false)) {
                return;
            }
        } catch (JacksonException e) {
            // not JSON: reported below
        }
        throw new SandboxFailure("Agent did not report ready (" + sandbox.describeEnd() + ")");
    }

    /** Sends the job with its input files, then reads the reply and streams each output file to {@code outputs}. */
    public AgentReply exchange(AgentChannel sandbox, AgentRequest request, List<InputContent> inputs,
            OutputHandler outputs) throws SandboxFailure {
        return exchange(sandbox, request, inputs, outputs, LiveChunks.NONE);
    }

    /**
     * As {@link #exchange(AgentChannel, AgentRequest, List, OutputHandler)}; when the request streams its output, the
     * chunks that come before the reply go to {@code live}.
     */
    public AgentReply exchange(AgentChannel sandbox, AgentRequest request, List<InputContent> inputs,
            OutputHandler outputs, LiveChunks live) throws SandboxFailure {
        send(sandbox, request, inputs);
        int maxHeader = (int) Math.min(Integer.MAX_VALUE - 8, 12L * request.maxOutputBytes() + HEADER_SLACK);
        byte[] header = readLine(sandbox, maxHeader);
        if (request.streamOutput()) {
            header = passChunks(sandbox, header, maxHeader, 2L * request.maxOutputBytes(), live);
        }
        AgentReply reply = parse(sandbox, header);
        if (reply == null) {
            throw new SandboxFailure("Agent sent an empty reply");
        }
        if (reply.error() != null) {
            throw new SandboxFailure("Agent refused the job: " + reply.error());
        }
        if (reply.exitCode() == null || reply.stdout() == null || reply.stderr() == null) {
            throw new SandboxFailure("Agent sent an incomplete reply");
        }
        receiveFiles(sandbox, reply, outputs);
        return reply;
    }

    private void send(AgentChannel sandbox, AgentRequest request, List<InputContent> inputs) throws SandboxFailure {
        try {
            OutputStream out = sandbox.toAgent();
            out.write(mapper.writeValueAsBytes(request));
            out.write('\n');
            for (InputContent input : inputs) {
                try (InputStream content = input.open()) {
                    long copied = content.transferTo(out);
                    if (copied != input.size()) {
                        throw new SandboxFailure("Input " + input.path() + " had " + copied + " bytes, expected "
                                + input.size());
                    }
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new SandboxFailure("Could not send the job to the sandbox (" + sandbox.describeEnd() + ")", e);
        }
    }

    /**
     * Hands each chunk line, from {@code line} on, to {@code live} and returns the first other line (the reply). The
     * chunks may hold at most {@code maxChars} characters in all: the agent keeps at most the output limit of each
     * stream, and decoding never makes more characters than bytes.
     */
    private byte[] passChunks(AgentChannel sandbox, byte[] line, int maxLine, long maxChars, LiveChunks live)
            throws SandboxFailure {
        long received = 0;
        while (startsWith(line, CHUNK_PREFIX)) {
            JsonNode chunk;
            try {
                chunk = mapper.readTree(line);
            } catch (JacksonException e) {
                throw new SandboxFailure("Agent sent a malformed output chunk (" + sandbox.describeEnd() + ")", e);
            }
            String stream = chunk.path("chunk").asString("");
            JsonNode text = chunk.get("text");
            if (!(stream.equals("stdout") || stream.equals("stderr")) || text == null || !text.isString()) {
                throw new SandboxFailure("Agent sent an invalid output chunk");
            }
            received += text.asString().length();
            if (received > maxChars) {
                throw new SandboxFailure("Agent sent more live output than the output limit allows");
            }
            live.chunk(OutputChunk.Stream.of(stream), text.asString());
            line = readLine(sandbox, maxLine);
        }
        return line;
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return line.length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    private AgentReply parse(AgentChannel sandbox, byte[] header) throws SandboxFailure {
        try {
            return mapper.readValue(header, AgentReply.class);
        } catch (JacksonException e) {
            throw new SandboxFailure("Agent sent a malformed reply (" + sandbox.describeEnd() + ")", e);
        }
    }

    private static void receiveFiles(AgentChannel sandbox, AgentReply reply, OutputHandler outputs)
            throws SandboxFailure {
        if (reply.files() == null) {
            return;
        }
        try {
            for (AgentReply.OutputEntry entry : reply.files()) {
                if (entry == null || entry.path() == null || entry.sha256() == null || entry.size() < 0) {
                    throw new SandboxFailure("Agent reported an invalid file entry");
                }
                ExactLengthInputStream content = new ExactLengthInputStream(sandbox.fromAgent(), entry.size());
                outputs.accept(entry, content);
                content.drain();
            }
        } catch (IOException e) {
            throw new SandboxFailure("Could not receive output files (" + sandbox.describeEnd() + ")", e);
        }
    }

    private static byte[] readLine(AgentChannel sandbox, int maxBytes) throws SandboxFailure {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try {
            InputStream in = sandbox.fromAgent();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new SandboxFailure("Sandbox ended before replying (" + sandbox.describeEnd() + ")");
                }
                if (line.size() >= maxBytes) {
                    throw new SandboxFailure("Agent reply header exceeds " + maxBytes + " bytes");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new SandboxFailure("Sandbox connection broke (" + sandbox.describeEnd() + ")", e);
        }
        return line.toByteArray();
    }
}
