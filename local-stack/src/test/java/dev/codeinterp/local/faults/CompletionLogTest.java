package dev.codeinterp.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountEachJobsRunsToTheEndAcrossEveryWorkersLog() throws Exception {
        Path first = Files.writeString(dir.resolve("worker-0.log"), """
                19:30:13.182 INFO  [job-4] d.c.w.e.RunJob j1 - Job j1: attempt 1 ran to its end in the sandbox (exit code 0)
                19:30:13.200 INFO  [job-2] d.c.w.e.RunJob j2 - Job j2 has already ended; ignoring the duplicate delivery
                19:30:14.000 INFO  [job-1] d.c.w.e.RunJob j3 - Job j3: attempt 1 ran to its end in the sandbox (exit code 1)
                """);
        Path second = Files.writeString(dir.resolve("worker-1.log"), """
                19:30:57.559 INFO  [job-1] d.c.w.e.RunJob j1 - Job j1: attempt 2 ran to its end in the sandbox (exit code 0)
                19:30:58.000 INFO  [job-1] d.c.w.e.RunJob j2 - Job j2: attempt 2 ran to its end in the sandbox (exit code 0)
                """);

        Map<String, Integer> completions = CompletionLog.count(List.of(first, second));

        assertThat(completions).isEqualTo(Map.of("j1", 2, "j2", 1, "j3", 1));
    }

    @Test
    void shouldCountNothingWhenNoProgramRanToItsEnd() throws Exception {
        Path log = Files.writeString(dir.resolve("worker-0.log"), "Started WorkerApplication in 9 seconds\n");

        assertThat(CompletionLog.count(List.of(log))).isEmpty();
    }
}
