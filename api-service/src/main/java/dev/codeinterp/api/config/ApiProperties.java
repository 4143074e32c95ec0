package dev.codeinterp.api.config;

import dev.codeinterp.common.config.ByteQuantity;
import dev.codeinterp.common.config.SharedDefaults;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the api-service; each maps to the {@code APP_*} environment variable of the same name
 * ({@code app.execution-timeout} ← {@code APP_EXECUTION_TIMEOUT}).
 *
 * @param httpListenAddr              host:port the HTTP server listens on
 * @param requireChatId               whether requests without {@code chat_id} are refused (else it is {@code default})
 * @param maxSourceSize               largest accepted {@code source_code}, in UTF-8 bytes
 * @param maxRequestSize              largest accepted request body (JSON endpoints)
 * @param maxEnvEntries               most {@code env} entries in one request
 * @param maxFilesEntries             most {@code files} entries in one request
 * @param executionTimeout            wall time of a program when the request gives none (seconds if no unit)
 * @param maxExecutionTimeout         cap of the requested timeout (seconds if no unit)
 * @param queueTimeout                how long a job may wait for a free sandbox before it expires (503)
 * @param resultGrace                 extra time allowed for file transfer and delivery beyond the program's timeout
 * @param maxOutputSize               bytes kept of stdout and of stderr each
 * @param persistentWorkspaceDefault  {@code persistent_workspace} when the request gives none
 * @param globalMaxDownloads          {@code max_downloads} when the request gives none; 0 = unlimited
 * @param defaultExpiresIn            {@code expires_in} when the request gives none; empty = never
 * @param maxExpiresIn                cap of {@code expires_in}; empty = no cap
 * @param jobResultTtl                how long job records and results are kept
 * @param instanceId                  this replica's id, naming its result topic; empty = generated at start
 * @param fileSizeLimit               largest upload, in Kubernetes quantity syntax ({@code 1Gi}, {@code 512Mi}); the
 *                                    worker reads the same setting as the size of each sandbox's workspace
 * @param uploadTempDir               local directory where uploads are staged while they are hashed; empty = the
 *                                    JVM's temporary directory ({@code java.io.tmpdir})
 * @param customToolsEnabled          whether {@code /v1/parse-custom-tool} and {@code /v1/execute-custom-tool} are
 *                                    served (else they answer 403)
 */
@ConfigurationProperties("app")
public record ApiProperties(
        @DefaultValue("127.0.0.1:50081") String httpListenAddr,
        @DefaultValue("true") boolean requireChatId,
        @DefaultValue("1MB") DataSize maxSourceSize,
        @DefaultValue("4MB") DataSize maxRequestSize,
        @DefaultValue("256") int maxEnvEntries,
        @DefaultValue("1000") int maxFilesEntries,
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration executionTimeout,
        @DefaultValue("600") @DurationUnit(ChronoUnit.SECONDS) Duration maxExecutionTimeout,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration queueTimeout,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace,
        @DefaultValue("1MB") DataSize maxOutputSize,
        @DefaultValue("true") boolean persistentWorkspaceDefault,
        @DefaultValue("0") int globalMaxDownloads,
        @DefaultValue("") String defaultExpiresIn,
        @DefaultValue("") String maxExpiresIn,
        @DefaultValue("24h") Duration jobResultTtl,
        @DefaultValue("") String instanceId,
        @DefaultValue("1Gi") String fileSizeLimit,
        @DefaultValue("") String uploadTempDir,
        @DefaultValue("true") boolean customToolsEnabled) {

    public ApiProperties {
        fileSizeLimitBytes(fileSizeLimit);
    }

    /** {@code APP_FILE_SIZE_LIMIT} in bytes. */
    public long fileSizeLimitBytes() {
        return fileSizeLimitBytes(fileSizeLimit);
    }

    private static long fileSizeLimitBytes(String text) {
        return ByteQuantity.parse(text, "APP_FILE_SIZE_LIMIT");
    }
}
