package dev.codeinterp.local.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A closed loop: {@code clients} threads each send one request, wait for its answer and send the next, for a fixed
 * window. Each client has a thread of its own, so the client side never queues requests.
 *
 * <p>Accounting: a request that returns counts as a success, one that throws as an error of the exception's kind (the
 * loop goes on). Throughput is the successes that ended within the window divided by the window; requests still in
 * flight when it closes are waited for and their latencies kept (leaving them out would hide the slowest), but they
 * add nothing to the throughput. No request starts after the window has closed.
 */
public final class LoadRun {

    /** One request; returns when it went right, throws when it did not (a wrong answer included). */
    @FunctionalInterface
    public interface Request {

        /** @param client the client sending it, 0 to {@code clients - 1} */
        void send(int client) throws Exception;
    }

    private final int clients;
    private final Duration window;
    private final LongSupplier nanoClock;

    public LoadRun(int clients, Duration window) {
        this(clients, window, System::nanoTime);
    }

    LoadRun(int clients, Duration window, LongSupplier nanoClock) {
        if (clients < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A closed loop needs at least 1 client and a positive window");
        }
        this.clients = clients;
        this.window = window;
        this.nanoClock = nanoClock;
    }

    public LoadResult run(Request request) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemonThreads());
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong deadline = new AtomicLong();
            Map<String, Integer> errors = new ConcurrentHashMap<>();
            List<Future<Tally>> tallies = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                tallies.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return loop(client, request, deadline.get(), errors);
                }));
            }
            ready.await();
            deadline.set(nanoClock.getAsLong() + window.toNanos());
            go.countDown();
            return collect(tallies, errors);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one client saw. */
    private record Tally(List<Long> latencies, int inWindow) {
    }

    private Tally loop(int client, Request request, long deadline, Map<String, Integer> errors) {
        List<Long> latencies = new ArrayList<>();
        int inWindow = 0;
        for (long start = nanoClock.getAsLong(); start < deadline; start = nanoClock.getAsLong()) {
            try {
                request.send(client);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                errors.merge(kindOf(e), 1, Integer::sum);
                continue;
            }
            long end = nanoClock.getAsLong();
            latencies.add(end - start);
            if (end <= deadline) {
                inWindow++;
            }
        }
        return new Tally(latencies, inWindow);
    }

    private LoadResult collect(List<Future<Tally>> tallies, Map<String, Integer> errors) throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        int inWindow = 0;
        for (Future<Tally> future : tallies) {
            Tally tally;
            try {
                tally = future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A load client failed", e.getCause());
            }
            latencies.addAll(tally.latencies());
            inWindow += tally.inWindow();
        }
        return new LoadResult(clients, window, inWindow,
                new Percentiles(latencies.stream().mapToLong(Long::longValue).toArray()), Map.copyOf(errors));
    }

    /** The exception's class, and its message when short (an HTTP status, say), so like errors group together. */
    static String kindOf(Exception e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + abbreviate(message, 80);
    }

    private static String abbreviate(String text, int max) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "load-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
