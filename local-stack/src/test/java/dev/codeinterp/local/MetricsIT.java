package dev.codeinterp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Each service's Prometheus metrics on its management address, driven by real jobs through the API: a job's outcome,
 * queue wait, run time and sandbox lease are counted; the api's refusals and denials and the janitor's sweeps are
 * exported with their labels (driven in the api's {@code ApiMetricsHttpTest} and the janitor's {@code SweepRunnerTest});
 * the api never serves metrics on its API port.
 */
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$");

    @Test
    void shouldCountAJobsOutcomeQueueWaitRunTimeAndLeaseWhenItRuns() {
        String worker = TestStack.get().managementUrls().get("worker-service");
        String before = scrape(worker);

        execute("metrics-job", "print(6 * 7)");

        String after = scrape(worker);
        assertThat(sum(after, "code_interpreter_executions_total", "outcome=\"succeeded\""))
                .isGreaterThanOrEqualTo(sum(before, "code_interpreter_executions_total", "outcome=\"succeeded\"") + 1);
        for (String count : new String[] {"code_interpreter_job_queue_wait_seconds_count",
                "code_interpreter_job_run_seconds_count", "code_interpreter_sandbox_lease_wait_seconds_count",
                "code_interpreter_sandbox_leases_total"}) {
            assertThat(sum(after, count, "")).as(count).isGreaterThanOrEqualTo(sum(before, count, "") + 1);
        }
        assertThat(after).contains("code_interpreter_job_run_seconds_bucket{le=")
                .contains("code_interpreter_sandbox_pool_ready ");
    }

    @Test
    void shouldExportTheWorkersKafkaConsumerLag() {
        assertThat(scrape(TestStack.get().managementUrls().get("worker-service")))
                .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag(_max)?\\{");
    }

    @Test
    void shouldExportTheApisRefusalsAndDenialsAndTheJanitorsSweepsByTheirLabels() {
        Map<String, String> urls = TestStack.get().managementUrls();

        assertThat(scrape(urls.get("api-service")))
                .contains("code_interpreter_admission_refusals_total{reason=\"chat_busy\"}")
                .contains("code_interpreter_download_denials_total{reason=\"no_grant\"}");
        // a sweeper's count appears after its first round (APP_JANITOR_INTERVAL, 10 s)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(urls.get("janitor-service")))
                .contains("code_interpreter_janitor_deletions_total{sweeper=\"expired_grant\"}"));
    }

    @Test
    void shouldServeEveryServicesMetricsOnItsManagementAddressAndNeverOnTheApiPort() {
        LocalStack stack = TestStack.get();

        stack.managementUrls().forEach((service, url) -> assertThat(scrape(url)).as(service)
                .contains("jvm_memory_used_bytes"));
        assertThat(stack.managementUrls().get("api-service")).isNotEqualTo(stack.baseUrl());
        TestStack.client().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
    }

    private static void execute(String chatId, String program) {
        TestStack.client().post().uri("/v1/execute").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("chat_id", chatId, "source_code", program)).exchange().expectStatus().isOk();
    }

    private static String scrape(String url) {
        return TestStack.clientFor(url).get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    static double sum(String exposition, String name, String label) {
        double total = 0;
        Matcher sample = SAMPLE.matcher(exposition);
        while (sample.find()) {
            String labels = sample.group(2) == null ? "" : sample.group(2);
            if (sample.group(1).equals(name) && labels.contains(label)) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return total;
    }
}
