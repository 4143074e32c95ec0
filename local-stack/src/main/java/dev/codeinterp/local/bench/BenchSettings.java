package dev.codeinterp.local.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How much {@link HelloWorldBenchmark} measures. Each setting is a system property ({@code -Dbench.seconds=10}) or
 * else an environment variable ({@code BENCH_SECONDS=10}); the first argument is the number of sequential requests.
 *
 * @param requests sequential hello-world requests (and a tenth of it, at least 10, of pandas+numpy)
 * @param clients  the closed-loop levels: concurrent clients of each ({@code bench.clients}, e.g. {@code 8,16,32,64})
 * @param window   how long each level is measured ({@code bench.seconds})
 * @param warmUp   how long each level runs unmeasured first ({@code bench.warmup-seconds})
 */
public record BenchSettings(int requests, List<Integer> clients, Duration window, Duration warmUp) {

    static final int DEFAULT_REQUESTS = 300;
    static final String DEFAULT_CLIENTS = "8,16,32,64";
    static final String DEFAULT_SECONDS = "15";
    static final String DEFAULT_WARMUP_SECONDS = "3";

    public BenchSettings {
        if (requests < 1 || clients.stream().anyMatch(c -> c < 1) || window.isNegative() || window.isZero()
                || warmUp.isNegative()) {
            throw new IllegalArgumentException("Requests and clients must be at least 1, the window positive and "
                    + "the warm-up not negative");
        }
        clients = List.copyOf(clients);
    }

    /**
     * @param args   the command line: {@code [requests]}
     * @param lookup a setting's value by its property name ({@code bench.seconds}), or null
     */
    public static BenchSettings from(String[] args, UnaryOperator<String> lookup) {
        int requests = args.length > 0 ? Integer.parseInt(args[0].strip()) : DEFAULT_REQUESTS;
        List<Integer> clients = Arrays.stream(setting(lookup, "bench.clients", DEFAULT_CLIENTS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        return new BenchSettings(requests, clients, seconds(setting(lookup, "bench.seconds", DEFAULT_SECONDS)),
                seconds(setting(lookup, "bench.warmup-seconds", DEFAULT_WARMUP_SECONDS)));
    }

    /** System properties first, then the environment ({@code bench.warmup-seconds} is {@code BENCH_WARMUP_SECONDS}). */
    public static String fromSystem(String property) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_')
                .replace('-', '_'));
    }

    public int pandasRequests() {
        return Math.max(10, requests / 10);
    }

    private static String setting(UnaryOperator<String> lookup, String name, String fallback) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }
}
