package dev.codeinterp.api.tools;

import dev.codeinterp.api.execution.ExecuteCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the custom-tool use cases. */
@Configuration(proxyBeanMethods = false)
class CustomToolsConfiguration {

    @Bean
    ParseCustomTool parseCustomTool() {
        return new ParseCustomTool();
    }

    @Bean
    ExecuteCustomTool executeCustomTool(ParseCustomTool parseCustomTool, ExecuteCode executeCode,
            ToolSettings settings) {
        return new ExecuteCustomTool(parseCustomTool, executeCode, settings);
    }
}
