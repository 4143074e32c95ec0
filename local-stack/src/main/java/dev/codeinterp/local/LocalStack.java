package dev.codeinterp.local;

import dev.codeinterp.api.ApiApplication;
import dev.codeinterp.embedded.EmbeddedInfrastructure;
import dev.codeinterp.janitor.JanitorApplication;
import dev.codeinterp.worker.WorkerApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service in one JVM: worker, janitor and api contexts (each with its own configuration file) connected to
 * an embedded infrastructure. {@link #close()} stops the services, then the infrastructure unless it is shared.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedInfrastructure infrastructure;
    private final List<ConfigurableApplicationContext> contexts;
    private final ConfigurableApplicationContext api;

    private LocalStack(EmbeddedInfrastructure infrastructure, List<ConfigurableApplicationContext> contexts,
            ConfigurableApplicationContext api) {
        this.infrastructure = infrastructure;
        this.contexts = contexts;
        this.api = api;
    }

    /**
     * Starts worker and janitor, then api, against {@code infrastructure}.
     *
     * @param properties extra properties for every service (highest precedence), e.g. {@code app.http-listen-addr}
     */
    public static LocalStack start(EmbeddedInfrastructure infrastructure, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(infrastructure.springProperties());
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        try {
            CompletableFuture<ConfigurableApplicationContext> worker = startAsync(WorkerApplication.builder(), args);
            CompletableFuture<ConfigurableApplicationContext> janitor = startAsync(JanitorApplication.builder(), args);
            ConfigurableApplicationContext api = managed(ApiApplication.builder()).run(args);
            started.add(api);
            started.add(0, janitor.join());
            started.add(0, worker.join());
            return new LocalStack(infrastructure, started, api);
        } catch (RuntimeException e) {
            started.forEach(ConfigurableApplicationContext::close);
            throw e;
        }
    }

    /** An additional api replica on the same infrastructure (e.g. to test result routing between replicas). */
    public static ConfigurableApplicationContext startApiReplica(EmbeddedInfrastructure infrastructure,
            Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(infrastructure.springProperties());
        all.putAll(properties);
        return managed(ApiApplication.builder()).run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
    }

    /** The api's base URL, e.g. {@code http://127.0.0.1:50081}. */
    public String baseUrl() {
        return baseUrlOf(api);
    }

    public static String baseUrlOf(ConfigurableApplicationContext api) {
        String port = api.getEnvironment().getProperty("local.server.port");
        return "http://127.0.0.1:" + port;
    }

    public <T> T workerBean(Class<T> type) {
        return contexts.get(0).getBean(type);
    }

    public <T> T apiBean(Class<T> type) {
        return api.getBean(type);
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Could not stop a service cleanly", e);
            }
        }
        infrastructure.close();
    }

    private static CompletableFuture<ConfigurableApplicationContext> startAsync(SpringApplicationBuilder builder,
            String[] args) {
        return CompletableFuture.supplyAsync(() -> managed(builder).run(args));
    }

    /** {@link #close()} stops the services in order; Spring's own shutdown hook would race it. */
    private static SpringApplicationBuilder managed(SpringApplicationBuilder builder) {
        return builder.registerShutdownHook(false);
    }
}
