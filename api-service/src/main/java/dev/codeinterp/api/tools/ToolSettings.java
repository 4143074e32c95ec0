package dev.codeinterp.api.tools;

import dev.codeinterp.api.web.ApiException;
import java.time.Duration;

/**
 * The settings of {@code /v1/parse-custom-tool} and {@code /v1/execute-custom-tool}.
 *
 * @param enabled          {@code APP_CUSTOM_TOOLS_ENABLED}: whether the endpoints are served (else 403)
 * @param maxSourceBytes   {@code APP_MAX_SOURCE_SIZE} in bytes, for {@code tool_source_code}
 * @param maxEnvEntries    {@code APP_MAX_ENV_ENTRIES}
 * @param executionTimeout {@code APP_EXECUTION_TIMEOUT}: the timeout of a tool run
 */
public record ToolSettings(boolean enabled, long maxSourceBytes, int maxEnvEntries, Duration executionTimeout) {

    /** The 403 every custom-tool call gets while {@code APP_CUSTOM_TOOLS_ENABLED=false}. */
    public void checkEnabled() {
        if (!enabled) {
            throw ApiException.forbidden("Custom tools are disabled on this service (APP_CUSTOM_TOOLS_ENABLED=false)");
        }
    }
}
