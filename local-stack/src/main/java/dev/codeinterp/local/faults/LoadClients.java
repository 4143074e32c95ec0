package dev.codeinterp.local.faults;

import dev.codeinterp.local.faults.BenchHttp.Answer;
import dev.codeinterp.local.faults.TrackedJob.Kind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load: sync callers of {@code /v1/execute} and async submitters of {@code /v1/jobs}, each a thread with a chat of
 * its own and one job in flight at a time. Async submitters send an Idempotency-Key (the job's marker), resend it
 * when no answer came, resend it on purpose every tenth job to check that it names the same job, and poll their job
 * until it ends.
 */
final class LoadClients {

    private static final Logger log = LoggerFactory.getLogger(LoadClients.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofSeconds(1);
    private static final int SUBMIT_TRIES = 3;
    private static final int TIMEOUT_SECONDS = 30;

    private final BenchHttp http;
    private final JobLedger ledger;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Instant giveUpAt = Instant.MAX;

    LoadClients(BenchHttp http, JobLedger ledger) {
        this.http = http;
        this.ledger = ledger;
    }

    void start(int syncCallers, int asyncSubmitters, long seed) {
        for (int i = 0; i < syncCallers; i++) {
            Random random = new Random(seed + i);
            String chatId = "fault-sync-" + i;
            startThread("sync-" + i, () -> loop(() -> callSync(random, chatId)));
        }
        for (int i = 0; i < asyncSubmitters; i++) {
            Random random = new Random(seed + 1000 + i);
            String chatId = "fault-async-" + i;
            startThread("async-" + i, () -> loop(() -> submitAsync(random, chatId)));
        }
    }

    private void startThread(String name, Runnable client) {
        Thread thread = new Thread(client, name);
        thread.start();
        threads.add(thread);
    }

    /** Stops sending new jobs; a client still waiting for its job's end gives up at {@code giveUp}. */
    void stop(Instant giveUp) {
        this.giveUpAt = giveUp;
        this.stopping = true;
    }

    void awaitStopped() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private interface Step {
        void run() throws IOException, InterruptedException;
    }

    private void loop(Step step) {
        while (!stopping) {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("Load client step failed", e);
            }
        }
    }

    private void callSync(Random random, String chatId) throws InterruptedException {
        TrackedJob job = open(Kind.SYNC, chatId, random);
        long started = System.nanoTime();
        Answer answer;
        try {
            answer = http.post("/v1/execute", body(job), Map.of());
        } catch (IOException e) {
            job.refuse("io");
            Thread.sleep(PAUSE_AFTER_REFUSAL.toMillis());
            return;
        }
        if (answer.status() / 100 == 2) {
            job.accept(answer.jobId());
            job.latency(System.nanoTime() - started);
            job.observe(BenchHttp.ofExecute(answer.body()));
        } else if (answer.status() == 504 && !answer.jobId().isEmpty()) {
            job.accept(answer.jobId());
        } else {
            refuse(job, answer);
        }
    }

    private void submitAsync(Random random, String chatId) throws InterruptedException, IOException {
        TrackedJob job = open(Kind.ASYNC, chatId, random);
        Map<String, String> key = Map.of("Idempotency-Key", job.program().marker());
        Answer answer = submit(job, key);
        if (answer == null) {
            job.refuse("io");
            return;
        }
        if (answer.status() != 202) {
            refuse(job, answer);
            return;
        }
        job.accept(answer.jobId());
        if (random.nextInt(10) == 0) {
            Answer again = submit(job, key);
            if (again != null && again.status() / 100 == 2 && !again.jobId().equals(job.jobId())) {
                job.idempotencyBroken();
            }
        }
        while (!job.hasEnded() && Instant.now().isBefore(giveUpAt)) {
            Thread.sleep(POLL.toMillis());
            Observation seen = http.observe(job);
            if (seen.isTerminal()) {
                job.observe(seen);
            }
        }
    }

    /** Posts the job, sending it again with the same key when no answer came; null when none ever came. */
    private Answer submit(TrackedJob job, Map<String, String> key) throws InterruptedException {
        for (int i = 0; i < SUBMIT_TRIES; i++) {
            try {
                return http.post("/v1/jobs", body(job), key);
            } catch (IOException e) {
                log.warn("No answer to the submission of {}: {}", job.program().marker(), e.toString());
                Thread.sleep(PAUSE_AFTER_REFUSAL.toMillis());
            }
        }
        return null;
    }

    private TrackedJob open(Kind kind, String chatId, Random random) {
        String marker = ledger.nextMarker(kind, HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(),
                (byte) random.nextInt(), (byte) random.nextInt(), (byte) random.nextInt()}));
        return ledger.open(kind, chatId, Program.random(marker, random));
    }

    private static void refuse(TrackedJob job, Answer answer) throws InterruptedException {
        job.refuse(Integer.toString(answer.status()));
        log.warn("{} refused with {}: {}", job.program().marker(), answer.status(), answer.body());
        Thread.sleep(PAUSE_AFTER_REFUSAL.toMillis());
    }

    private static Map<String, Object> body(TrackedJob job) {
        return Map.of("chat_id", job.chatId(), "source_code", job.program().source(), "timeout", TIMEOUT_SECONDS);
    }
}
