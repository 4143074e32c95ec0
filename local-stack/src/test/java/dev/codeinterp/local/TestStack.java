package dev.codeinterp.local;

import dev.codeinterp.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One running stack (embedded infrastructure + api + worker + janitor) shared by the end-to-end tests of a JVM. */
final class TestStack {

    private static LocalStack stack;

    private TestStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            stack = LocalStack.start(EmbeddedInfrastructure.shared(), Map.of(
                    "app.http-listen-addr", "127.0.0.1:0",
                    "app.instance-id", "e2e-main",
                    "app.executor-pod-queue-target-length", "2",
                    "app.file-size-limit", "64Mi",
                    "app.queue-timeout", "60"));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    static WebTestClient client() {
        return clientFor(get().baseUrl());
    }

    static WebTestClient clientFor(String baseUrl) {
        return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(60))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }
}
