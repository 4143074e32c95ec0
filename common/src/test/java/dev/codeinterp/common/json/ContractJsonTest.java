package dev.codeinterp.common.json;

import static dev.codeinterp.common.job.ExecutionJobBuilder.anExecutionJob;
import static dev.codeinterp.common.job.ExecutionResultBuilder.aResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeinterp.common.job.ExecutionJob;
import dev.codeinterp.common.job.ExecutionLimits;
import dev.codeinterp.common.job.ExecutionResult;
import dev.codeinterp.common.job.FileMetadata;
import dev.codeinterp.common.job.JobStatus;
import dev.codeinterp.common.job.OutputPolicy;
import dev.codeinterp.common.messaging.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

    private static final Instant SUBMITTED = Instant.parse("2030-01-01T12:00:00.123456789Z");

    private final ContractJson codec = new ContractJson();

    @Test
    void shouldRoundTripJobWhenEveryFieldIsSet() {
        ExecutionJob job = anExecutionJob()
                .withSourceCode("print('héllo \"world\"')\n")
                .withEnv("MY_VAR", "1").withEnv("camelCase", "x=y")
                .withInputFile("/workspace/data.csv", "a".repeat(64))
                .withInputFile("/workspace/dir/b.txt", "b".repeat(64))
                .withOutput(new OutputPolicy(true, 5, Duration.ofDays(30).plusMillis(1), true))
                .withLimits(new ExecutionLimits(Duration.ofMillis(1500), 1024))
                .submittedAt(SUBMITTED)
                .startBy(SUBMITTED.plusSeconds(30))
                .build();

        assertThat(codec.decodeJob(codec.encode(job))).isEqualTo(job);
    }

    @Test
    void shouldRoundTripJobWhenOptionalFieldsAreNull() {
        ExecutionJob job = anExecutionJob()
                .withOutput(new OutputPolicy(false, 0, null))
                .withLimits(null)
                .startBy(null)
                .build();

        assertThat(codec.decodeJob(codec.encode(job))).isEqualTo(job);
    }

    @Test
    void shouldReadJobWithoutLiveOutputWhenWrittenByAnOlderVersion() {
        ExecutionJob job = anExecutionJob().withOutput(new OutputPolicy(true, 2, null)).build();
        String older = codec.encodeToString(job).replace(",\"liveOutput\":false", "");

        assertThat(older).doesNotContain("liveOutput");
        assertThat(codec.decodeJob(older.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(job);
    }

    @Test
    void shouldRoundTripResultWhenProgramRanAndProducedFiles() {
        ExecutionResult result = aResult()
                .withStdout("42\n").withStderr("warn\n").withExitCode(-9)
                .withFile("/workspace/out.csv", "c".repeat(64), new FileMetadata(2, SUBMITTED.plusSeconds(60)))
                .withFile("/workspace/plot.png", "d".repeat(64), new FileMetadata(null, null))
                .startedAt(SUBMITTED)
                .finishedAt(SUBMITTED.plusMillis(1500))
                .build();

        assertThat(codec.decodeResult(codec.encode(result))).isEqualTo(result);
        assertThat(codec.decodeResult(codec.encodeToString(result))).isEqualTo(result);
    }

    @Test
    void shouldRoundTripResultWhenJobNeverRan() {
        ExecutionResult result = ExecutionResult.notRun("job-1", JobStatus.EXPIRED, "No sandbox", SUBMITTED);

        ExecutionResult decoded = codec.decodeResult(codec.encodeToString(result));

        assertThat(decoded).isEqualTo(result);
        assertThat(decoded.startedAt()).isNull();
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenDecodingJob() {
        ExecutionJob job = anExecutionJob().build();
        String json = codec.encodeToString(job);
        String newer = "{\"added_in_v2\":{\"nested\":[1,2]}," + json.substring(1)
                .replace("\"limits\":{", "\"limits\":{\"memory_bytes\":1073741824,");

        assertThat(newer).contains("memory_bytes");
        assertThat(codec.decodeJob(newer.getBytes(StandardCharsets.UTF_8))).isEqualTo(job);
    }

    @Test
    void shouldPeekTheJobIdOfAJobThatDoesNotDecodeAsAWhole() {
        byte[] partial = "{\"schemaVersion\": 9, \"jobId\": \"job-9\", \"limits\": \"nonsense\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.peekJobId(partial)).contains("job-9");
        assertThat(codec.peekJobId(codec.encode(anExecutionJob().withJobId("job-1").build()))).contains("job-1");
        assertThat(codec.peekJobId("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.peekJobId("{\"jobId\": 3}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.peekJobId(new byte[0])).isEmpty();
    }

    @Test
    void shouldIgnoreUnknownFieldsWhenDecodingResult() {
        ExecutionResult result = aResult().build();
        String newer = codec.encodeToString(result).replaceFirst("\\{", "{\"worker_id\":\"w-7\",\"metrics\":{},");

        assertThat(codec.decodeResult(newer)).isEqualTo(result);
    }

    @Test
    void shouldNameSchemaVersionWhenTypingMessages() {
        assertThat(MessageHeaders.JOB_TYPE).isEqualTo("ExecutionJob/1");
        assertThat(MessageHeaders.RESULT_TYPE).isEqualTo("ExecutionResult/1");
    }
}
