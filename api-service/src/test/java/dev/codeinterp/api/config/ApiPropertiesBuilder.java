package dev.codeinterp.api.config;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** Test-data builder for {@link ApiProperties}, starting from the documented defaults. */
public final class ApiPropertiesBuilder {

    private boolean requireChatId = true;
    private String maxSourceSize = "1Mi";
    private int maxEnvEntries = 256;
    private int maxFilesEntries = 1000;
    private Duration executionTimeout = Duration.ofSeconds(60);
    private Duration maxExecutionTimeout = Duration.ofSeconds(600);
    private boolean persistentWorkspaceDefault = true;
    private int globalMaxDownloads;
    private String defaultExpiresIn = "";
    private String maxExpiresIn = "";
    private String fileSizeLimit = "1Gi";
    private String uploadTempDir = "";
    private boolean customToolsEnabled = true;
    private boolean publicSpawnEnabled;
    private String internalIpAllowlist = ApiProperties.DEFAULT_INTERNAL_IP_ALLOWLIST;
    private String internalHostAllowlist = "";
    private String trustedProxies = "";
    private String apiKeys = "";
    private int chatMaxConcurrent = Integer.parseInt(ApiProperties.DEFAULT_CHAT_MAX_CONCURRENT);
    private String chatRateLimit = "";
    private int maxQueuedJobs = Integer.parseInt(ApiProperties.DEFAULT_MAX_QUEUED_JOBS);
    private int maxBatchSize = 100;
    private int maxEventStreams = 1000;
    private int chatMaxEventStreams = 20;

    private ApiPropertiesBuilder() {
    }

    public static ApiPropertiesBuilder defaultApiProperties() {
        return new ApiPropertiesBuilder();
    }

    public ApiPropertiesBuilder requireChatId(boolean requireChatId) {
        this.requireChatId = requireChatId;
        return this;
    }

    public ApiPropertiesBuilder maxSourceSize(DataSize maxSourceSize) {
        this.maxSourceSize = Long.toString(maxSourceSize.toBytes());
        return this;
    }

    public ApiPropertiesBuilder maxEnvEntries(int maxEnvEntries) {
        this.maxEnvEntries = maxEnvEntries;
        return this;
    }

    public ApiPropertiesBuilder maxFilesEntries(int maxFilesEntries) {
        this.maxFilesEntries = maxFilesEntries;
        return this;
    }

    public ApiPropertiesBuilder executionTimeout(Duration executionTimeout) {
        this.executionTimeout = executionTimeout;
        return this;
    }

    public ApiPropertiesBuilder maxExecutionTimeout(Duration maxExecutionTimeout) {
        this.maxExecutionTimeout = maxExecutionTimeout;
        return this;
    }

    public ApiPropertiesBuilder persistentWorkspaceDefault(boolean persistentWorkspaceDefault) {
        this.persistentWorkspaceDefault = persistentWorkspaceDefault;
        return this;
    }

    public ApiPropertiesBuilder globalMaxDownloads(int globalMaxDownloads) {
        this.globalMaxDownloads = globalMaxDownloads;
        return this;
    }

    public ApiPropertiesBuilder defaultExpiresIn(String defaultExpiresIn) {
        this.defaultExpiresIn = defaultExpiresIn;
        return this;
    }

    public ApiPropertiesBuilder maxExpiresIn(String maxExpiresIn) {
        this.maxExpiresIn = maxExpiresIn;
        return this;
    }

    public ApiPropertiesBuilder fileSizeLimit(String fileSizeLimit) {
        this.fileSizeLimit = fileSizeLimit;
        return this;
    }

    public ApiPropertiesBuilder uploadTempDir(String uploadTempDir) {
        this.uploadTempDir = uploadTempDir;
        return this;
    }

    public ApiPropertiesBuilder customToolsEnabled(boolean customToolsEnabled) {
        this.customToolsEnabled = customToolsEnabled;
        return this;
    }

    public ApiPropertiesBuilder publicSpawnEnabled(boolean publicSpawnEnabled) {
        this.publicSpawnEnabled = publicSpawnEnabled;
        return this;
    }

    public ApiPropertiesBuilder internalIpAllowlist(String internalIpAllowlist) {
        this.internalIpAllowlist = internalIpAllowlist;
        return this;
    }

    public ApiPropertiesBuilder internalHostAllowlist(String internalHostAllowlist) {
        this.internalHostAllowlist = internalHostAllowlist;
        return this;
    }

    public ApiPropertiesBuilder trustedProxies(String trustedProxies) {
        this.trustedProxies = trustedProxies;
        return this;
    }

    public ApiPropertiesBuilder apiKeys(String apiKeys) {
        this.apiKeys = apiKeys;
        return this;
    }

    public ApiPropertiesBuilder chatMaxConcurrent(int chatMaxConcurrent) {
        this.chatMaxConcurrent = chatMaxConcurrent;
        return this;
    }

    public ApiPropertiesBuilder chatRateLimit(String chatRateLimit) {
        this.chatRateLimit = chatRateLimit;
        return this;
    }

    public ApiPropertiesBuilder maxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        return this;
    }

    public ApiPropertiesBuilder maxEventStreams(int maxEventStreams) {
        this.maxEventStreams = maxEventStreams;
        return this;
    }

    public ApiPropertiesBuilder chatMaxEventStreams(int chatMaxEventStreams) {
        this.chatMaxEventStreams = chatMaxEventStreams;
        return this;
    }

    public ApiPropertiesBuilder maxQueuedJobs(int maxQueuedJobs) {
        this.maxQueuedJobs = maxQueuedJobs;
        return this;
    }

    public ApiProperties build() {
        return new ApiProperties("127.0.0.1:50081", requireChatId, maxSourceSize, "4Mi",
                maxEnvEntries, maxFilesEntries, executionTimeout, maxExecutionTimeout, Duration.ofSeconds(30),
                Duration.ofSeconds(60), "1Mi", persistentWorkspaceDefault, globalMaxDownloads,
                defaultExpiresIn, maxExpiresIn, Duration.ofHours(24), "", "", fileSizeLimit, uploadTempDir,
                customToolsEnabled, publicSpawnEnabled, internalIpAllowlist, internalHostAllowlist, trustedProxies,
                apiKeys, chatMaxConcurrent, chatRateLimit, maxQueuedJobs, maxBatchSize, maxEventStreams,
                chatMaxEventStreams, Duration.ofHours(1),
                false, "0.0.0.0:50051", "", "", "");
    }
}
