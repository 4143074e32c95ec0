package dev.codeinterp.api.grpc;

import dev.codeinterp.api.grpc.v1.ExecuteCustomToolRequest;
import dev.codeinterp.api.grpc.v1.ExecuteRequest;
import dev.codeinterp.api.grpc.v1.ParseCustomToolRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A gRPC request as the JSON body of its HTTP endpoint, for the HTTP API's own parsers: {@code executor_id} is the
 * {@code chat_id} (an empty one is left out, i.e. missing), the other fields keep their names.
 */
final class GrpcBodies {

    private final JsonMapper mapper;

    GrpcBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode execute(ExecuteRequest request) {
        ObjectNode body = withChat(request.getExecutorId());
        body.put("source_code", request.getSourceCode());
        ObjectNode files = body.putObject("files");
        request.getFilesMap().forEach(files::put);
        return body;
    }

    JsonNode parseCustomTool(ParseCustomToolRequest request) {
        return mapper.createObjectNode().put("tool_source_code", request.getToolSourceCode());
    }

    JsonNode executeCustomTool(ExecuteCustomToolRequest request) {
        return withChat(request.getExecutorId())
                .put("tool_source_code", request.getToolSourceCode())
                .put("tool_input_json", request.getToolInputJson());
    }

    private ObjectNode withChat(String executorId) {
        ObjectNode body = mapper.createObjectNode();
        if (!executorId.isEmpty()) {
            body.put("chat_id", executorId);
        }
        return body;
    }
}
