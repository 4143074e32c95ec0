package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The uid range; leftovers are real processes started as a uid of the range (so only when this JVM is root). */
class HostUidsTest {

    /** Own range of this class (other tests on this host use others). */
    private static final int BASE = 220_000;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldHandOutEachUidOnceAndFailWhenAllAreHeld() {
        HostUids uids = new HostUids(BASE, 2);

        int first = uids.acquire();
        int second = uids.acquire();

        assertThat(List.of(first, second)).containsExactlyInAnyOrder(BASE, BASE + 1);
        assertThat(uids.freeCount()).isZero();
        assertThatThrownBy(uids::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
    }

    @Test
    void shouldReturnUidAtOnceWhenReleased() {
        HostUids uids = new HostUids(BASE, 1);
        int uid = uids.acquire();

        uids.release(uid);

        assertThat(uids.freeCount()).isEqualTo(1);
        assertThat(uids.acquire()).isEqualTo(uid);
    }

    @Test
    void shouldReturnUidWhenCheckedReleaseFindsNoProcessOfIt() {
        HostUids uids = new HostUids(BASE, 1);
        int uid = uids.acquire();

        uids.releaseAfterCheck(uid);

        assertThat(uids.freeCount()).isEqualTo(1);
    }

    @Test
    void shouldKillLeftoversAndKeepUidOutUntilTheyAreGoneWhenCheckedReleaseFindsProcesses() throws Exception {
        assumeTrue(HostUids.workerIsRoot(), "only root starts processes as other uids");
        // given
        HostUids uids = new HostUids(BASE, 2);
        int uid = uids.acquire();
        Process leftover = startAs(uid, "import time; print('ready', flush=True); time.sleep(600)");
        awaitReady(leftover);

        // when
        uids.releaseAfterCheck(uid);

        // then: killed, and not handed out while the free list has another
        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(uids.freeCount()).isEqualTo(1);
        assertThat(uids.acquire()).isNotEqualTo(uid);
        // and back once the free list is empty and nothing of it is left
        assertThat(uids.acquire()).isEqualTo(uid);
    }

    @Test
    void shouldFindProcessOfUidWhenItMadeItselfNonDumpable() throws Exception {
        assumeTrue(HostUids.workerIsRoot(), "only root starts processes as other uids");
        // given: /proc shows the files of a non-dumpable process as root's
        Process hidden = startAs(BASE + 5, """
                import ctypes, sys, time
                ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
                print('ready', flush=True)
                time.sleep(600)
                """);
        awaitReady(hidden);
        assertThat(Files.getAttribute(Path.of("/proc", Long.toString(hidden.pid()), "status"), "unix:uid"))
                .isEqualTo(0);

        // when
        List<Long> found = HostUids.processesOf(BASE + 5);

        // then
        assertThat(found).containsExactly(hidden.pid());
    }

    /** Returns once the program has printed its first line: it runs as its uid by then. */
    private static void awaitReady(Process process) throws IOException {
        assertThat(new String(process.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
    }

    /** A Python program run as {@code uid}; setpriv execs, so the process is the program. */
    private Process startAs(int uid, String code) throws IOException {
        Process process = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "/usr/bin/python3", "-c", code).start();
        started.add(process);
        return process;
    }
}
