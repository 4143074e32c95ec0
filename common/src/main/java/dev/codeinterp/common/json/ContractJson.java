package dev.codeinterp.common.json;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract records as JSON, the one format they have everywhere: Kafka messages (bytes) and the result kept in a
 * job record (text). Unknown fields are ignored, so a newer writer's records still read.
 */
public final class ContractJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    public byte[] encode(Object record) {
        return mapper.writeValueAsBytes(record);
    }

    public ExecutionJob decodeJob(byte[] bytes) {
        return mapper.readValue(bytes, ExecutionJob.class);
    }

    public ExecutionResult decodeResult(byte[] bytes) {
        return mapper.readValue(bytes, ExecutionResult.class);
    }

    public String encodeToString(Object record) {
        return mapper.writeValueAsString(record);
    }

    public ExecutionResult decodeResult(String json) {
        return mapper.readValue(json, ExecutionResult.class);
    }
}
