package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zygote's command line: its namespaces (every one but the cgroup namespace) and its cgroups. */
class ZygoteCommandTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tempDir;

    @Test
    void shouldUnshareEveryNamespaceButTheCgroupOneWhenTheSandboxesHaveNoNetwork() throws IOException {
        List<String> argv = command(false).argv(tempDir.resolve("socket"));

        assertThat(argv).contains("--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-uts",
                "--unshare-net").doesNotContain("--unshare-all", "--share-net", "--unshare-cgroup",
                "--unshare-cgroup-try");
    }

    @Test
    void shouldKeepTheHostsNetworkOnlyWhenTheOperatorChoseEgress() throws IOException {
        List<String> argv = command(true).argv(tempDir.resolve("socket"));

        assertThat(argv).contains("--unshare-user", "--unshare-pid").doesNotContain("--unshare-net",
                "--unshare-all", "--share-net");
    }

    @Test
    void shouldStartInTheZygotesLeafAndBindItsCgroupsWhenGivenSome() throws IOException {
        // given
        CgroupGrant cgroups = new CgroupGrant(List.of(
                new CgroupGrant.Group(Path.of("/sys/fs/cgroup/memory/z"),
                        List.of(new CgroupGrant.Limit("memory.limit_in_bytes", "1024"))),
                new CgroupGrant.Group(Path.of("/sys/fs/cgroup/pids/z"),
                        List.of(new CgroupGrant.Limit("pids.max", "8")))), CgroupGrant.ZYGOTE_LEAF);

        // when
        List<String> argv = command(false).argv(tempDir.resolve("socket"), 230_001, cgroups);

        // then: the wrapper joins the leaves as root, then drops to the zygote's uid and starts bubblewrap
        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(argv).containsSubsequence("/sys/fs/cgroup/memory/z/zygote/cgroup.procs",
                "/sys/fs/cgroup/pids/z/zygote/cgroup.procs", "--", "nice", "setpriv", "--reuid=230001")
                .containsSubsequence("--bind", "/sys/fs/cgroup/memory/z", "/run/cgroup/0")
                .containsSubsequence("--bind", "/sys/fs/cgroup/pids/z", "/run/cgroup/1")
                .containsSubsequence("--setenv", "AGENT_CGROUPS", "[{\"limits\":[[\"memory.limit_in_bytes\",\"1024\"]]},"
                        + "{\"limits\":[[\"pids.max\",\"8\"]]}]");
        assertThat(argv.indexOf("--bind")).isLessThan(argv.indexOf("--remount-ro"));
    }

    private ZygoteCommand command(boolean egress) throws IOException {
        AgentRuntime runtime = AgentRuntime.installIn(tempDir.resolve("runtime"), "/usr/bin/python3", 1000, 1000);
        return new ZygoteCommand(new BubblewrapCommand("bwrap", "/usr/bin/python3", runtime, 64 * MIB, 16 * MIB, 1000,
                1000, egress), List.of("json"));
    }
}
