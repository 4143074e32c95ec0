package dev.codeinterp.common.messaging;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import tools.jackson.databind.json.JsonMapper;

/** Turns the contract records into the bytes on the wire (JSON) and back. */
public final class MessageCodec {

    public static final String JOB_TYPE = "ExecutionJob/" + ExecutionJob.SCHEMA_VERSION;
    public static final String RESULT_TYPE = "ExecutionResult/" + ExecutionResult.SCHEMA_VERSION;

    private final JsonMapper mapper = JsonMapper.builder().build();

    public byte[] encode(Object message) {
        return mapper.writeValueAsBytes(message);
    }

    public ExecutionJob decodeJob(byte[] bytes) {
        return mapper.readValue(bytes, ExecutionJob.class);
    }

    public ExecutionResult decodeResult(byte[] bytes) {
        return mapper.readValue(bytes, ExecutionResult.class);
    }

    public String encodeToString(Object message) {
        return mapper.writeValueAsString(message);
    }

    public ExecutionResult decodeResult(String json) {
        return mapper.readValue(json, ExecutionResult.class);
    }
}
