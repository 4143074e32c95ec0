package dev.codeinterp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible HTTP server running inside this JVM (s3proxy), bound to 127.0.0.1.
 *
 * <p>Requests must be signed (AWS signature V2 or V4) with {@link #accessKey()} /
 * {@link #secretKey()}. Buckets are addressed path-style ({@code http://127.0.0.1:port/bucket/key}).
 * The data lives either in a local directory ({@linkplain #filesystem(Path) filesystem}: one
 * sub-directory per bucket, survives a restart on the same directory) or in memory
 * ({@linkplain #inMemory() transient}: gone on {@link #close()}).
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3ProxyServer.class);

    /** Access key used by the factory methods that take none. */
    public static final String DEFAULT_ACCESS_KEY = "local-access-key";

    /** Secret key used by the factory methods that take none. */
    public static final String DEFAULT_SECRET_KEY = "local-secret-key";

    /** s3proxy 4.x blob store provider keeping each bucket in a directory (NIO.2 based). */
    static final String FILESYSTEM_PROVIDER = "filesystem";

    /** s3proxy 4.x blob store provider keeping everything in memory (jimfs based). */
    static final String TRANSIENT_PROVIDER = "transient";

    private static final long STOP_TIMEOUT_MILLIS = 0;

    private static final String BASEDIR_PROPERTY = "jclouds.filesystem.basedir";

    private final S3Proxy proxy;
    private final int port;
    private final Path dataDir;
    private final String accessKey;
    private final String secretKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private S3ProxyServer(S3Proxy proxy, Path dataDir, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.port = proxy.getPort();
        this.dataDir = dataDir;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts an in-memory server on a random port with the default keys.
     *
     * @return the running server
     */
    public static S3ProxyServer inMemory() {
        return start(null, 0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    /**
     * Starts an in-memory server.
     *
     * @param port      the port, or {@code 0} for a random free one
     * @param accessKey the access key clients sign with
     * @param secretKey the secret key clients sign with
     * @return the running server
     */
    public static S3ProxyServer inMemory(int port, String accessKey, String secretKey) {
        return start(null, port, accessKey, secretKey);
    }

    /**
     * Starts a filesystem-backed server on a random port with the default keys.
     *
     * @param dataDir the directory holding one sub-directory per bucket; created if missing
     * @return the running server
     */
    public static S3ProxyServer filesystem(Path dataDir) {
        return filesystem(dataDir, 0, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    /**
     * Starts a filesystem-backed server; its data survives a restart on the same directory.
     *
     * @param dataDir   the directory holding one sub-directory per bucket; created if missing
     * @param port      the port, or {@code 0} for a random free one
     * @param accessKey the access key clients sign with
     * @param secretKey the secret key clients sign with
     * @return the running server
     */
    public static S3ProxyServer filesystem(Path dataDir, int port, String accessKey, String secretKey) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must not be null");
        }
        return start(dataDir, port, accessKey, secretKey);
    }

    private static S3ProxyServer start(Path dataDir, int port, String accessKey, String secretKey) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port);
        }
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("accessKey and secretKey must not be empty");
        }
        long startNanos = System.nanoTime();
        Path dir = null;
        Properties properties = new Properties();
        String provider = TRANSIENT_PROVIDER;
        if (dataDir != null) {
            try {
                dir = Files.createDirectories(dataDir).toAbsolutePath();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot create S3 data directory " + dataDir, e);
            }
            provider = FILESYSTEM_PROVIDER;
            properties.setProperty(BASEDIR_PROPERTY, dir.toString());
        }
        BlobStore blobStore = BlobStores.create(provider, properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + LocalPorts.LOOPBACK + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // default 30 s graceful stop: close() would wait on clients' idle keep-alive connections
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            proxy.start();
        }
        catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("s3proxy failed to start on " + LocalPorts.LOOPBACK + ":" + port, e);
        }
        S3ProxyServer server = new S3ProxyServer(proxy, dir, accessKey, secretKey);
        log.info("s3proxy ({}) ready at {} in {} ms", dir == null ? "in memory" : "filesystem " + dir,
                server.endpoint(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return server;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        }
        catch (Exception e) {
            log.debug("Ignoring failure to stop s3proxy", e);
        }
    }

    /** @return the base URL, {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return "http://" + LocalPorts.LOOPBACK + ":" + port;
    }

    /** @return the port the server listens on */
    public int port() {
        return port;
    }

    /** @return the access key requests must be signed with */
    public String accessKey() {
        return accessKey;
    }

    /** @return the secret key requests must be signed with */
    public String secretKey() {
        return secretKey;
    }

    /** @return the data directory of a filesystem-backed server, empty when in memory */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Stops the HTTP server; an in-memory store is discarded. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        try {
            proxy.stop();
            log.info("s3proxy at {} stopped in {} ms", endpoint(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
        catch (Exception e) {
            throw new IllegalStateException("Failed to stop s3proxy at " + endpoint(), e);
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint() + (dataDir == null ? ", in memory" : ", dir=" + dataDir) + "]";
    }
}
