package dev.codeinterp.api.execution;

import java.time.Duration;

/**
 * The limits and defaults an execute request is read with.
 *
 * @param requireChatId              {@code APP_REQUIRE_CHAT_ID}
 * @param maxSourceBytes             {@code APP_MAX_SOURCE_SIZE} in bytes
 * @param maxEnvEntries              {@code APP_MAX_ENV_ENTRIES}
 * @param maxFilesEntries            {@code APP_MAX_FILES_ENTRIES}
 * @param persistentWorkspaceDefault {@code APP_PERSISTENT_WORKSPACE_DEFAULT}
 * @param globalMaxDownloads         {@code APP_GLOBAL_MAX_DOWNLOADS}
 * @param executionTimeout           {@code APP_EXECUTION_TIMEOUT}: the timeout when the request gives none
 * @param maxExecutionTimeout        {@code APP_MAX_EXECUTION_TIMEOUT}: the cap of the requested timeout
 */
public record ExecuteRequestSettings(boolean requireChatId, long maxSourceBytes, int maxEnvEntries,
        int maxFilesEntries, boolean persistentWorkspaceDefault, int globalMaxDownloads, Duration executionTimeout,
        Duration maxExecutionTimeout) {
}
