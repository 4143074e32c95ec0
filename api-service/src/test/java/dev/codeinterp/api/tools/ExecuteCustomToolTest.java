package dev.codeinterp.api.tools;

import static dev.codeinterp.api.config.ApiPropertiesBuilder.defaultApiProperties;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.api.admission.InMemoryAdmissionControl;
import dev.codeinterp.api.config.ApiProperties;
import dev.codeinterp.api.execution.ExecuteCode;
import dev.codeinterp.api.execution.IdempotentSubmissions;
import dev.codeinterp.api.execution.InMemoryIdempotencyKeys;
import dev.codeinterp.api.execution.JobIntake;
import dev.codeinterp.common.files.InMemoryGrantLedger;
import dev.codeinterp.common.files.RecordingOrphanedObjects;
import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.JobLifecycle;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.InMemoryJobStore;
import dev.codeinterp.common.job.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** How a tool run becomes a job, and how the job's outcome becomes the tool's output or failure. */
class ExecuteCustomToolTest {

    private static final String ADD = "def add(a: int, b: int) -> int:\n    return a + b\n";

    private final List<ExecutionJob> dispatched = new ArrayList<>();
    private Function<ExecutionJob, ExecutionResult> worker = job -> aResult().forJob(job.jobId())
            .withStatus(JobStatus.SUCCEEDED).withStdout("3\n").build();
    private final ApiProperties properties = defaultApiProperties().executionTimeout(Duration.ofSeconds(7)).build();
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final ExecuteCode executeCode = new ExecuteCode(properties.executionSettings(),
            new JobIntake(properties.executionSettings(), new InMemoryGrantLedger(),
                    new RecordingOrphanedObjects(new ArrayList<>()), jobs, InMemoryAdmissionControl.unlimited(),
                    Clock.systemUTC()),
            (job, timeout) -> {
        dispatched.add(job);
        return Mono.fromSupplier(() -> worker.apply(job));
    }, jobs, new JobLifecycle(jobs), new IdempotentSubmissions(new InMemoryIdempotencyKeys()), Clock.systemUTC());
    private final ExecuteCustomTool executeCustomTool =
            new ExecuteCustomTool(new ParseCustomTool(), executeCode, properties.toolSettings());

    @Test
    void shouldRunTheToolProgramAsAJobThatKeepsNoFiles() {
        String output = executeCustomTool.execute(
                new ExecuteToolRequest(null, ADD, "{\"a\": 1, \"b\": 2}", Map.of("MY_NAME", "x"))).block();

        assertThat(output).isEqualTo("3");
        ExecutionJob job = dispatched.get(0);
        assertThat(job.sourceCode()).isEqualTo(ToolProgram.forTool(ADD, "{\"a\": 1, \"b\": 2}"));
        assertThat(job.chatId()).isEqualTo("default");
        assertThat(job.env()).isEqualTo(Map.of("MY_NAME", "x"));
        assertThat(job.inputFiles()).isEmpty();
        assertThat(job.output().persistWorkspace()).isFalse();
        assertThat(job.limits().timeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldAccountTheRunToTheRequestedChat() {
        executeCustomTool.execute(new ExecuteToolRequest("chat-1", ADD, "{}", Map.of())).block();

        assertThat(dispatched.get(0).chatId()).isEqualTo("chat-1");
    }

    @Test
    void shouldFailWithTheProgramsStderrWhenItExitsNonZero() {
        worker = job -> aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED).withExitCode(1)
                .withStderr("Traceback …\nZeroDivisionError: division by zero\n").build();

        assertThatThrownBy(() -> executeCustomTool.execute(new ExecuteToolRequest(null, ADD, "{}", Map.of())).block())
                .isInstanceOfSatisfying(ToolRunFailedException.class, e -> assertThat(e.stderr())
                        .isEqualTo("Traceback …\nZeroDivisionError: division by zero\n"));
    }

    @Test
    void shouldFailWhenTheProgramTimesOut() {
        worker = job -> aResult().forJob(job.jobId()).withStatus(JobStatus.TIMED_OUT).withExitCode(-1)
                .withStderr("Execution timed out").build();

        assertThatThrownBy(() -> executeCustomTool.execute(new ExecuteToolRequest(null, ADD, "{}", Map.of())).block())
                .isInstanceOfSatisfying(ToolRunFailedException.class,
                        e -> assertThat(e.stderr()).isEqualTo("Execution timed out"));
    }

    @Test
    void shouldFailWhenTheResultWasCutByTheOutputLimit() {
        worker = job -> aResult().forJob(job.jobId()).withStatus(JobStatus.SUCCEEDED)
                .withStdout("\"aaaa\n[output truncated: 99 bytes omitted]").build();

        assertThatThrownBy(() -> executeCustomTool.execute(new ExecuteToolRequest(null, ADD, "{}", Map.of())).block())
                .isInstanceOfSatisfying(ToolRunFailedException.class,
                        e -> assertThat(e.stderr()).contains("APP_MAX_OUTPUT_SIZE"));
    }

    @Test
    void shouldRefuseAnInvalidToolWithoutRunningAnything() {
        assertThatThrownBy(() -> executeCustomTool.execute(
                new ExecuteToolRequest(null, "x = 1\n", "{}", Map.of())).block())
                .isInstanceOfSatisfying(ToolRunFailedException.class,
                        e -> assertThat(e.stderr()).isEqualTo(ParseCustomTool.SINGLE_FUNCTION));
        assertThat(dispatched).isEmpty();
    }
}
