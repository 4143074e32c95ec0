package dev.codeinterp.api.execution;

import dev.codeinterp.api.chat.ChatIds;
import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.api.web.ApiException;
import dev.codeinterp.api.web.RequestFields;
import dev.codeinterp.common.files.FileHashes;
import dev.codeinterp.common.files.WorkspacePaths;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates a {@code /v1/execute} body and applies the configured defaults. */
public final class ExecuteRequestParser {

    private final ExecuteRequestSettings settings;
    private final ExpiryPolicy expiryPolicy;

    public ExecuteRequestParser(ExecuteRequestSettings settings, ExpiryPolicy expiryPolicy) {
        this.settings = settings;
        this.expiryPolicy = expiryPolicy;
    }

    public ExecuteRequest parse(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String chatId = ChatIds.resolve(fields.string("chat_id", "chatId"), settings.requireChatId());
        String source = fields.string("source_code", "sourceCode")
                .orElseThrow(() -> ApiException.badRequest("Field 'source_code' is required"));
        if (source.getBytes(StandardCharsets.UTF_8).length > settings.maxSourceBytes()) {
            throw ApiException.tooLarge("Field 'source_code' is larger than " + settings.maxSourceBytes()
                    + " bytes");
        }
        Map<String, String> files = fields.stringMap("files", null, settings.maxFilesEntries());
        files.forEach(ExecuteRequestParser::checkInputFile);
        Map<String, String> env = fields.stringMap("env", null, settings.maxEnvEntries());
        checkEnv(env);
        boolean persistent = fields.bool("persistent_workspace", "persistentWorkspace")
                .orElse(settings.persistentWorkspaceDefault());
        int maxDownloads = fields.nonNegativeInt("max_downloads", "maxDownloads")
                .orElse(settings.globalMaxDownloads());
        Duration expiresAfter = expiryPolicy.lifetime(fields.stringOrNumber("expires_in", "expiresIn"));
        Duration timeout = fields.positiveNumber("timeout", "timeoutSeconds")
                .map(seconds -> Duration.ofMillis((long) Math.ceil(Math.min(seconds, 1e9) * 1000)))
                .orElse(settings.executionTimeout());
        if (timeout.compareTo(settings.maxExecutionTimeout()) > 0) {
            timeout = settings.maxExecutionTimeout();
        }
        return new ExecuteRequest(chatId, source, files, env, persistent, maxDownloads, expiresAfter, timeout);
    }

    private static void checkInputFile(String path, String hash) {
        WorkspacePaths.problemWith(path).ifPresent(problem -> {
            throw ApiException.badRequest("Invalid path in 'files': '" + printable(path) + "' " + problem);
        });
        if (!FileHashes.isValid(hash)) {
            throw ApiException.badRequest("Invalid file hash for '" + path + "' in 'files': expected 64 lowercase "
                    + "hex characters");
        }
    }

    /** Refuses {@code env} entries no process environment can hold: empty names, {@code =} or NUL in names, NUL. */
    public static void checkEnv(Map<String, String> env) {
        env.forEach(ExecuteRequestParser::checkEnvEntry);
    }

    private static void checkEnvEntry(String name, String value) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Invalid variable name in 'env': '" + printable(name) + "'");
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.badRequest("Value of '" + name + "' in 'env' must not contain NUL characters");
        }
    }

    private static String printable(String text) {
        return text.replace("\0", "\\0");
    }
}
