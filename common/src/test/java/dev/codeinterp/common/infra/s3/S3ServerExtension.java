package dev.codeinterp.common.infra.s3;

import dev.codeinterp.embedded.S3ProxyServer;
import io.minio.MinioClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private in-memory S3 server (s3proxy) and a MinIO client of it, for each integration-test class that registers
 * this extension in a static field:
 * <pre>{@code @RegisterExtension static final S3ServerExtension s3 = new S3ServerExtension();}</pre>
 * It starts before the class's first test and stops after its last; tests make buckets of their own.
 */
public final class S3ServerExtension implements BeforeAllCallback, AfterAllCallback {

    private S3ProxyServer server;
    private MinioClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = S3ProxyServer.inMemory();
        client = MinioClient.builder().endpoint(server.endpoint()).credentials(server.accessKey(), server.secretKey())
                .region("us-east-1").build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) { // null when it failed to start: that failure is the one to report
            server.close();
            server = null;
            client = null;
        }
    }

    /** A client of the running server. */
    public MinioClient client() {
        if (client == null) {
            throw new IllegalStateException("The S3 server runs only from the test class's start to its end");
        }
        return client;
    }
}
