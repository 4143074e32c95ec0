package dev.codeinterp.api.config;

import dev.codeinterp.api.access.AccessSettings;
import dev.codeinterp.api.access.AddressRanges;
import dev.codeinterp.api.access.ApiKeys;
import dev.codeinterp.api.access.SettingList;
import dev.codeinterp.api.admission.AdmissionLimits;
import dev.codeinterp.api.admission.ChatRateLimit;
import dev.codeinterp.api.chat.ExpiryPolicy;
import dev.codeinterp.api.execution.ExecuteRequestSettings;
import dev.codeinterp.api.execution.ExecutionSettings;
import dev.codeinterp.api.files.FileSettings;
import dev.codeinterp.api.grpc.GrpcSettings;
import dev.codeinterp.api.grpc.GrpcTls;
import dev.codeinterp.api.jobs.JobsSettings;
import dev.codeinterp.api.tools.ToolSettings;
import dev.codeinterp.api.web.WebSettings;
import dev.codeinterp.common.config.ByteQuantity;
import dev.codeinterp.common.config.SharedDefaults;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the api-service; each maps to the {@code APP_*} environment variable of the same name
 * ({@code app.execution-timeout} ← {@code APP_EXECUTION_TIMEOUT}).
 *
 * @param httpListenAddr              host:port the HTTP server listens on
 * @param requireChatId               whether requests without {@code chat_id} are refused (else it is {@code default})
 * @param maxSourceSize               largest accepted {@code source_code}, in UTF-8 bytes
 * @param maxRequestSize              largest accepted request body (JSON endpoints), at most 2Gi
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
 * @param instanceId                  this replica's id, naming its result topic; empty = the pod name, else
 *                                    generated at start
 * @param apiPodName                  this replica's pod name (downward API {@code metadata.name}); its id when
 *                                    {@code instanceId} is empty
 * @param fileSizeLimit               largest upload; the
 *                                    worker reads the same setting as the size of each sandbox's workspace
 * @param uploadTempDir               local directory where uploads are staged while they are hashed; empty = the
 *                                    JVM's temporary directory ({@code java.io.tmpdir})
 * @param customToolsEnabled          whether {@code /v1/parse-custom-tool} and {@code /v1/execute-custom-tool} are
 *                                    served (else they answer 403)
 * @param publicSpawnEnabled          whether any client may start work; when false (the default) every endpoint but
 *                                    download and expire answers 403 unless the client is internal
 * @param internalIpAllowlist         list of IPs and CIDR blocks (IPv4, IPv6) of internal clients
 * @param internalHostAllowlist       list of {@code Host} names (port ignored) that make a request internal
 * @param trustedProxies              list of IPs and CIDR blocks of proxies whose {@code X-Forwarded-For} is believed
 * @param apiKeys                     list of accepted API keys; when non-empty every request needs
 *                                    {@code Authorization: Bearer <key>} (else 401). A secret: never printed
 * @param chatMaxConcurrent           jobs of one chat in flight at once (429 beyond); 0 = unlimited
 * @param chatRateLimit               executions of one chat per sliding window, {@code <n>} per minute or
 *                                    {@code <n>/<window>} ({@code 10/30s}); empty = unlimited (429 beyond)
 * @param maxQueuedJobs               jobs in flight across all replicas (503 beyond); 0 = unlimited
 * @param maxBatchSize                most jobs in one {@code /v1/jobs/batch} request
 * @param maxEventStreams             event streams open at once on this replica (503 beyond); 0 = unlimited
 * @param chatMaxEventStreams         event streams of one chat open at once on this replica (429 beyond); 0 =
 *                                    unlimited
 * @param asyncQueueTimeout           how long an asynchronous job may wait for a free sandbox before it expires
 * @param grpcEnabled                 whether the gRPC server ({@code code_interpreter.v1.CodeInterpreterService}) runs
 * @param grpcListenAddr              host:port the gRPC server listens on
 * @param grpcTlsCert                 the gRPC server's certificate (chain) as PEM text (or a PEM file's path); empty =
 *                                    plaintext
 * @param grpcTlsCertKey              its private key, PEM (PKCS#8) text or path; set exactly when the certificate is.
 *                                    A secret: never printed
 * @param grpcTlsCaCert               CA certificate(s), PEM text or path: when set, clients need a certificate it
 *                                    signed (mutual TLS)
 *
 * <p>The one binding of {@code app.*}. Each feature reads only the small settings record built from it here
 * ({@link #accessSettings()}, {@link #admissionLimits()}, {@link #fileSettings()}, {@link #executionSettings()}...),
 * never this class, so {@code config} depends on the features and none of them on {@code config}.
 *
 * <p>Sizes ({@code maxSourceSize}, {@code maxRequestSize}, {@code maxOutputSize}, {@code fileSizeLimit}) are read by
 * {@link ByteQuantity}, the parser of every size setting of every service: {@code 1Gi}, {@code 10Mi}, {@code 10MB},
 * {@code 512KB} or plain bytes.
 *
 * <p>Lists are JSON arrays of strings or comma-separated (README, "Configuration"); a malformed entry fails startup
 * with a message naming the variable.
 */
@ConfigurationProperties("app")
public record ApiProperties(
        @DefaultValue("127.0.0.1:50081") String httpListenAddr,
        @DefaultValue("true") boolean requireChatId,
        @DefaultValue("1Mi") String maxSourceSize,
        @DefaultValue("4Mi") String maxRequestSize,
        @DefaultValue("256") int maxEnvEntries,
        @DefaultValue("1000") int maxFilesEntries,
        @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration executionTimeout,
        @DefaultValue(SharedDefaults.MAX_EXECUTION_TIMEOUT_SECONDS) @DurationUnit(ChronoUnit.SECONDS)
        Duration maxExecutionTimeout,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration queueTimeout,
        @DefaultValue(SharedDefaults.RESULT_GRACE_SECONDS) @DurationUnit(ChronoUnit.SECONDS) Duration resultGrace,
        @DefaultValue("1Mi") String maxOutputSize,
        @DefaultValue("true") boolean persistentWorkspaceDefault,
        @DefaultValue("0") int globalMaxDownloads,
        @DefaultValue("") String defaultExpiresIn,
        @DefaultValue("") String maxExpiresIn,
        @DefaultValue("24h") Duration jobResultTtl,
        @DefaultValue("") String instanceId,
        @DefaultValue("") String apiPodName,
        @DefaultValue("1Gi") String fileSizeLimit,
        @DefaultValue("") String uploadTempDir,
        @DefaultValue("true") boolean customToolsEnabled,
        @DefaultValue("false") boolean publicSpawnEnabled,
        @DefaultValue(DEFAULT_INTERNAL_IP_ALLOWLIST) String internalIpAllowlist,
        @DefaultValue("") String internalHostAllowlist,
        @DefaultValue("") String trustedProxies,
        @DefaultValue("") String apiKeys,
        @DefaultValue(DEFAULT_CHAT_MAX_CONCURRENT) int chatMaxConcurrent,
        @DefaultValue("") String chatRateLimit,
        @DefaultValue(DEFAULT_MAX_QUEUED_JOBS) int maxQueuedJobs,
        @DefaultValue("100") int maxBatchSize,
        @DefaultValue("1000") int maxEventStreams,
        @DefaultValue("20") int chatMaxEventStreams,
        @DefaultValue("1h") Duration asyncQueueTimeout,
        @DefaultValue("false") boolean grpcEnabled,
        @DefaultValue("0.0.0.0:50051") String grpcListenAddr,
        @DefaultValue("") String grpcTlsCert,
        @DefaultValue("") String grpcTlsCertKey,
        @DefaultValue("") String grpcTlsCaCert) {

    /** Loopback only, IPv4 and IPv6. */
    public static final String DEFAULT_INTERNAL_IP_ALLOWLIST = "127.0.0.0/8,::1";
    public static final String DEFAULT_CHAT_MAX_CONCURRENT = "10";
    public static final String DEFAULT_MAX_QUEUED_JOBS = "1000";
    private static final Set<String> SECRETS = Set.of("apiKeys", "grpcTlsCertKey");

    public ApiProperties {
        fileSizeLimitBytes(fileSizeLimit);
        maxSourceBytes(maxSourceSize);
        maxRequestBytes(maxRequestSize);
        maxOutputBytes(maxOutputSize);
        // Parsed once here so a malformed entry stops the start, naming its variable.
        internalIpRanges(internalIpAllowlist);
        internalHosts(internalHostAllowlist);
        trustedProxyRanges(trustedProxies);
        apiKeySet(apiKeys);
        admissionLimits(maxQueuedJobs, chatMaxConcurrent, chatRateLimit);
        new JobsSettings(maxBatchSize, maxEventStreams, chatMaxEventStreams);
        grpcSettings(grpcEnabled, grpcListenAddr, grpcTlsCert, grpcTlsCertKey, grpcTlsCaCert, maxRequestSize);
    }

    /** {@code APP_INTERNAL_IP_ALLOWLIST}, parsed. */
    public AddressRanges internalIpRanges() {
        return internalIpRanges(internalIpAllowlist);
    }

    /** {@code APP_INTERNAL_HOST_ALLOWLIST}, parsed. */
    public List<String> internalHosts() {
        return internalHosts(internalHostAllowlist);
    }

    /** {@code APP_TRUSTED_PROXIES}, parsed. */
    public AddressRanges trustedProxyRanges() {
        return trustedProxyRanges(trustedProxies);
    }

    /** {@code APP_API_KEYS}, as digests. */
    public ApiKeys apiKeySet() {
        return apiKeySet(apiKeys);
    }

    /** {@code APP_MAX_QUEUED_JOBS}, {@code APP_CHAT_MAX_CONCURRENT} and {@code APP_CHAT_RATE_LIMIT}. */
    public AdmissionLimits admissionLimits() {
        return admissionLimits(maxQueuedJobs, chatMaxConcurrent, chatRateLimit);
    }

    /** The settings of access control. */
    public AccessSettings accessSettings() {
        return new AccessSettings(publicSpawnEnabled, internalIpRanges(), internalHosts(), trustedProxyRanges(),
                apiKeySet());
    }

    /** The settings of the file endpoints. */
    public FileSettings fileSettings() {
        Path uploadDirectory = Path.of(uploadTempDir.isBlank() ? System.getProperty("java.io.tmpdir") : uploadTempDir);
        return new FileSettings(requireChatId, globalMaxDownloads, uploadDirectory, fileSizeLimitBytes());
    }

    /** The limits and defaults of an execute request. */
    public ExecuteRequestSettings executeRequestSettings() {
        return new ExecuteRequestSettings(requireChatId, maxSourceBytes(maxSourceSize), maxEnvEntries, maxFilesEntries,
                persistentWorkspaceDefault, globalMaxDownloads, executionTimeout, maxExecutionTimeout);
    }

    /** The timings and retention of a job. */
    public ExecutionSettings executionSettings() {
        return new ExecutionSettings(queueTimeout, asyncQueueTimeout, resultGrace, jobResultTtl,
                maxOutputBytes(maxOutputSize), admissionLimits());
    }

    /** The settings of the asynchronous jobs API. */
    public JobsSettings jobsSettings() {
        return new JobsSettings(maxBatchSize, maxEventStreams, chatMaxEventStreams);
    }

    /** {@code APP_DEFAULT_EXPIRES_IN} and {@code APP_MAX_EXPIRES_IN}, validated. */
    public ExpiryPolicy expiryPolicy() {
        return new ExpiryPolicy(defaultExpiresIn, maxExpiresIn);
    }

    /** The settings of the custom-tool endpoints. */
    public ToolSettings toolSettings() {
        return new ToolSettings(customToolsEnabled, maxSourceBytes(maxSourceSize), maxEnvEntries, executionTimeout);
    }

    /** The HTTP server's settings. */
    public WebSettings webSettings() {
        return new WebSettings(httpListenAddr, maxRequestBytes(maxRequestSize));
    }

    /** The gRPC server's settings; half a TLS configuration fails, naming the variables. */
    public GrpcSettings grpcSettings() {
        return grpcSettings(grpcEnabled, grpcListenAddr, grpcTlsCert, grpcTlsCertKey, grpcTlsCaCert, maxRequestSize);
    }

    private static GrpcSettings grpcSettings(boolean enabled, String listenAddr, String cert, String key, String ca,
            String maxRequestSize) {
        return new GrpcSettings(enabled, listenAddr, new GrpcTls(cert, key, ca), maxRequestBytes(maxRequestSize));
    }

    /** Every setting, except that the API keys and the gRPC key are masked. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ApiProperties[");
        for (RecordComponent component : ApiProperties.class.getRecordComponents()) {
            if (text.length() > "ApiProperties[".length()) {
                text.append(", ");
            }
            text.append(component.getName()).append('=');
            text.append(SECRETS.contains(component.getName()) ? "***" : valueOf(component));
        }
        return text.append(']').toString();
    }

    private Object valueOf(RecordComponent component) {
        try {
            return component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            return "?";
        }
    }

    private static AddressRanges internalIpRanges(String text) {
        return AddressRanges.parse(text, "APP_INTERNAL_IP_ALLOWLIST");
    }

    private static AddressRanges trustedProxyRanges(String text) {
        return AddressRanges.parse(text, "APP_TRUSTED_PROXIES");
    }

    private static List<String> internalHosts(String text) {
        List<String> hosts = SettingList.parse(text, "APP_INTERNAL_HOST_ALLOWLIST");
        hosts.stream().filter(host -> !host.matches("[\\p{Alnum}.:\\[\\]_-]+")).findFirst().ifPresent(host -> {
            throw new IllegalArgumentException("APP_INTERNAL_HOST_ALLOWLIST: not a host name: " + host);
        });
        return hosts;
    }

    private static ApiKeys apiKeySet(String text) {
        return ApiKeys.parse(text, "APP_API_KEYS");
    }

    private static AdmissionLimits admissionLimits(int maxQueuedJobs, int chatMaxConcurrent, String chatRateLimit) {
        return new AdmissionLimits(maxQueuedJobs, chatMaxConcurrent,
                ChatRateLimit.parse(chatRateLimit, "APP_CHAT_RATE_LIMIT"));
    }

    /** {@code APP_FILE_SIZE_LIMIT} in bytes. */
    public long fileSizeLimitBytes() {
        return fileSizeLimitBytes(fileSizeLimit);
    }

    private static long fileSizeLimitBytes(String text) {
        return ByteQuantity.parse(text, "APP_FILE_SIZE_LIMIT");
    }

    private static long maxSourceBytes(String text) {
        return ByteQuantity.parse(text, "APP_MAX_SOURCE_SIZE");
    }

    private static int maxRequestBytes(String text) {
        return ByteQuantity.parseInt(text, "APP_MAX_REQUEST_SIZE");
    }

    private static int maxOutputBytes(String text) {
        return ByteQuantity.parseInt(text, "APP_MAX_OUTPUT_SIZE");
    }
}
