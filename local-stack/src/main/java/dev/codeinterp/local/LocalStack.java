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
import java.util.concurrent.CompletionException;
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
    /** The services in the order {@link #start} starts them. */
    private static final List<String> SERVICES = List.of("worker-service", "janitor-service", "api-service");

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
     * Starts worker, janitor and api against {@code infrastructure}. When any of them fails to start, the others are
     * still waited for and then stopped, and a {@link ServiceStartException} names the service and its failure.
     *
     * @param properties extra properties for every service (highest precedence), e.g. {@code app.http-listen-addr}
     */
    public static LocalStack start(EmbeddedInfrastructure infrastructure, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(infrastructure.springProperties());
        all.putAll(properties);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        CompletableFuture<ConfigurableApplicationContext> worker = startAsync(WorkerApplication.builder(), args);
        CompletableFuture<ConfigurableApplicationContext> janitor = startAsync(JanitorApplication.builder(), args);
        CompletableFuture<ConfigurableApplicationContext> api = startHere(ApiApplication.builder(), args);
        List<CompletableFuture<ConfigurableApplicationContext>> starts = List.of(worker, janitor, api);
        // Every start is waited for, failed or not, so no context is left running behind a failure.
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        ServiceStartException failure = null;
        for (int i = 0; i < starts.size(); i++) {
            try {
                started.add(starts.get(i).join());
            } catch (CompletionException e) {
                ServiceStartException failed = new ServiceStartException(SERVICES.get(i), e.getCause());
                if (failure == null) {
                    failure = failed;
                } else {
                    failure.addSuppressed(failed);
                }
            }
        }
        if (failure != null) {
            closeInReverse(started);
            throw failure;
        }
        return new LocalStack(infrastructure, started, api.join());
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

    /**
     * Where each service serves HTTP, by name ({@code worker-service}, {@code janitor-service}: their health only;
     * {@code api-service}: the API and its health).
     */
    public Map<String, String> serviceUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            urls.put(SERVICES.get(i), baseUrlOf(contexts.get(i)));
        }
        return urls;
    }

    /**
     * Where each service serves its health and metrics ({@code /actuator/...}), by name: the worker's and janitor's
     * only server, the api's second one ({@code APP_MANAGEMENT_LISTEN_ADDR}).
     */
    public Map<String, String> managementUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.size(); i++) {
            ConfigurableApplicationContext context = contexts.get(i);
            String port = context.getEnvironment().getProperty("local.management.port",
                    context.getEnvironment().getProperty("local.server.port"));
            urls.put(SERVICES.get(i), "http://127.0.0.1:" + port);
        }
        return urls;
    }

    public <T> T workerBean(Class<T> type) {
        return contexts.get(0).getBean(type);
    }

    public <T> T apiBean(Class<T> type) {
        return api.getBean(type);
    }

    @Override
    public void close() {
        closeInReverse(contexts);
        infrastructure.close();
    }

    private static void closeInReverse(List<ConfigurableApplicationContext> contexts) {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            try {
                contexts.get(i).close();
            } catch (RuntimeException e) {
                log.warn("Could not stop a service cleanly", e);
            }
        }
    }

    /** Runs on the calling thread; a failure is returned, not thrown, like the others'. */
    private static CompletableFuture<ConfigurableApplicationContext> startHere(SpringApplicationBuilder builder,
            String[] args) {
        try {
            return CompletableFuture.completedFuture(managed(builder).run(args));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
