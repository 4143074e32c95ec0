package dev.codeinterp.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrayProcessReaperTest {

    @Test
    void shouldFindAnOrphanThatHoldsAPipeButNotAProcessThatDoesNot() throws Exception {
        // sh starts sleep in the background with sh's stderr (a pipe to this JVM) and exits: sleep is an orphan
        Process shell = new ProcessBuilder("sh", "-c", "sleep 300 >/dev/null & echo $!").redirectError(Redirect.PIPE)
                .start();
        long orphanPid = Long.parseLong(new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .trim());
        shell.waitFor();
        Process bystander = new ProcessBuilder("sleep", "300").redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD).start();
        try {
            ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
            String pipe = Files.readSymbolicLink(Path.of("/proc/" + orphanPid + "/fd/2")).toString();

            assertThat(pipe).startsWith("pipe:");
            assertThat(ProcessHandle.current().descendants()).doesNotContain(orphan);
            assertThat(StrayProcessReaper.holdersOf(Set.of(pipe))).containsExactly(orphan);
        } finally {
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
            bystander.destroyForcibly();
        }
    }

    @Test
    void shouldNeverNameThisJvmNorItsAncestorsNorAnythingWhenThereIsNoPipe() throws IOException {
        assertThat(StrayProcessReaper.holdersOf(Set.of())).isEmpty();
        assertThat(StrayProcessReaper.holdersOf(StrayProcessReaper.ownOutputPipes()))
                .doesNotContain(ProcessHandle.current())
                .doesNotContainAnyElementsOf(ProcessHandle.current().parent().stream().toList());
    }
}
