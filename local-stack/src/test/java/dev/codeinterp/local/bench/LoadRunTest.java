package dev.codeinterp.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    private static final long MS = 1_000_000;

    @Test
    void shouldCountOnlySuccessesEndedInTheWindowAsThroughputWhenTheLastRequestOverruns() throws Exception {
        AtomicLong clock = new AtomicLong();
        // each request takes 300 ms: they start at 0, 300, 600 and 900 ms; the last ends at 1200, after the window
        LoadResult result = new LoadRun(1, Duration.ofSeconds(1), clock::get).run(client -> clock.addAndGet(300 * MS));

        assertThat(result.completedInWindow()).isEqualTo(3);
        assertThat(result.jobsPerSecond()).isEqualTo(3.0);
        assertThat(result.latencies().count()).isEqualTo(4);
        assertThat(result.latencies().millis(0.99)).isEqualTo(300.0);
        assertThat(result.errorCount()).isZero();
    }

    @Test
    void shouldCountFailedRequestsAsErrorsByKindAndGoOnWhenRequestsThrow() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger sent = new AtomicInteger();
        LoadResult result = new LoadRun(1, Duration.ofSeconds(1), clock::get).run(client -> {
            clock.addAndGet(100 * MS);
            int n = sent.incrementAndGet();
            if (n % 5 == 0) {
                throw new IOException("connection reset");
            }
            if (n % 5 == 1) {
                throw new IllegalStateException("HTTP 503");
            }
        });

        // 10 requests of 100 ms: 2 reset, 2 answered 503, 6 right
        assertThat(sent).hasValue(10);
        assertThat(result.errors()).isEqualTo(Map.of("IOException: connection reset", 2,
                "IllegalStateException: HTTP 503", 2));
        assertThat(result.errorCount()).isEqualTo(4);
        assertThat(result.completedInWindow()).isEqualTo(6);
        assertThat(result.latencies().count()).isEqualTo(6);
    }

    @Test
    void shouldKeepEveryClientInFlightAtOnceWhenRunWithManyClients() throws Exception {
        int clients = 16;
        AtomicLong clock = new AtomicLong();
        CountDownLatch allIn = new CountDownLatch(clients);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        LoadResult result = new LoadRun(clients, Duration.ofSeconds(1), clock::get).run(client -> {
            seen.add(client);
            allIn.countDown();
            // fails unless every client is sending at the same time
            if (!allIn.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not all clients in flight together");
            }
            clock.set(1_000 * MS); // the window's last instant: this request counts, no other starts
        });

        assertThat(result.errors()).isEmpty();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, clients).boxed().toList());
        assertThat(result.clients()).isEqualTo(clients);
        assertThat(result.completedInWindow()).isEqualTo(clients);
        assertThat(result.jobsPerSecond()).isEqualTo(16.0);
    }

    @Test
    void shouldStartNoRequestWhenTheWindowHasClosed() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger sent = new AtomicInteger();
        LoadResult result = new LoadRun(1, Duration.ofSeconds(1), clock::get).run(client -> {
            sent.incrementAndGet();
            clock.addAndGet(5_000 * MS);
        });

        assertThat(sent).hasValue(1);
        assertThat(result.completedInWindow()).isZero();
        assertThat(result.latencies().millis(0.50)).isEqualTo(5000.0);
    }

    @Test
    void shouldNameTheKindByClassAloneWhenTheMessageIsMissingAndByItsFirstLineOtherwise() {
        assertThat(LoadRun.kindOf(new IOException())).isEqualTo("IOException");
        assertThat(LoadRun.kindOf(new IOException("first\nsecond"))).isEqualTo("IOException: first");
        assertThat(LoadRun.kindOf(new IOException("x".repeat(200)))).hasSize("IOException: ".length() + 80);
    }

    @Test
    void shouldRefuseARunWithoutClientsOrWindowWhenBuilt() {
        assertThatThrownBy(() -> new LoadRun(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoadRun(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
