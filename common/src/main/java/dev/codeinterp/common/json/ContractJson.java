package dev.codeinterp.common.json;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionResult;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract records as JSON, the one format they have everywhere: Kafka messages (bytes) and the result kept in a
 * job record (text). Unknown fields are ignored, so a newer writer's records still read; missing ones take their
 * defaults (false, 0, null), so an older writer's do too.
 */
public final class ContractJson {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public byte[] encode(Object record) {
        return mapper.writeValueAsBytes(record);
    }

    public ExecutionJob decodeJob(byte[] bytes) {
        return mapper.readValue(bytes, ExecutionJob.class);
    }

    /** The job id of a job message that may not decode as a whole; empty when even that cannot be read. */
    public Optional<String> peekJobId(byte[] bytes) {
        return peek(bytes, "jobId");
    }

    /** The chat id of a job message that may not decode as a whole; empty when even that cannot be read. */
    public Optional<String> peekChatId(byte[] bytes) {
        return peek(bytes, "chatId");
    }

    private Optional<String> peek(byte[] bytes, String field) {
        try {
            JsonNode value = mapper.readTree(bytes).get(field);
            return value != null && value.isString() && !value.asString().isBlank() ? Optional.of(value.asString())
                    : Optional.empty();
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
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
