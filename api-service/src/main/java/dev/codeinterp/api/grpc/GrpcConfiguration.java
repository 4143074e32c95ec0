package dev.codeinterp.api.grpc;

import dev.codeinterp.api.access.AccessPolicy;
import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.api.execution.ExecuteRequestParser;
import dev.codeinterp.api.tools.ExecuteCustomTool;
import dev.codeinterp.api.tools.ParseCustomTool;
import dev.codeinterp.api.tools.ToolSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the gRPC server; it listens only when {@code APP_GRPC_ENABLED=true}. */
@Configuration(proxyBeanMethods = false)
class GrpcConfiguration {

    @Bean
    GrpcServer grpcServer(GrpcSettings settings, AccessPolicy access, JsonMapper mapper,
            ExecuteRequestParser executeParser, ExecuteCode executeCode, ToolSettings toolSettings,
            ParseCustomTool parseCustomTool, ExecuteCustomTool executeCustomTool) {
        CodeInterpreterGrpcService service = new CodeInterpreterGrpcService(new GrpcBodies(mapper), executeParser,
                executeCode, toolSettings, parseCustomTool, executeCustomTool);
        return new GrpcServer(settings, service, new GrpcAccessInterceptor(access));
    }
}
