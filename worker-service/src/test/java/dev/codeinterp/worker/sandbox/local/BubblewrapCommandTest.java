package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BubblewrapCommandTest {

    private static final String BWRAP = "/usr/bin/bwrap";
    private static final String PYTHON = "/usr/bin/python3";
    private static final long WORKSPACE_BYTES = 1_073_741_824L;
    private static final long TMP_BYTES = 536_870_912L;
    /** bubblewrap options that mount a host path: option, source, destination. */
    private static final Set<String> HOST_MOUNTS = Set.of("--bind", "--bind-try", "--dev-bind", "--dev-bind-try",
            "--ro-bind", "--ro-bind-try");

    @TempDir
    static Path runtimeDir;

    private static List<String> argv;

    @BeforeAll
    static void buildCommand() {
        AgentRuntime runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
        argv = new BubblewrapCommand(BWRAP, PYTHON, runtime, WORKSPACE_BYTES, TMP_BYTES, 1000, 1000, false).argv();
    }

    @Test
    void shouldRunBubblewrapAtLowerPriorityWhenBuilt() {
        assertThat(argv.subList(0, 4)).containsExactly("nice", "-n", "10", BWRAP);
    }

    @Test
    void shouldUnshareEverythingAndDropPrivilegesWhenBuilt() {
        assertThat(argv).contains("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                "--as-pid-1", "--clearenv");
        assertThat(argv).containsSequence("--cap-drop", "ALL");
        assertThat(argv).containsSequence("--uid", "1000").containsSequence("--gid", "1000");
        assertThat(argv).doesNotContain("--share-net", "--cap-add");
    }

    @Test
    void shouldRefuseNestedUserNamespacesWhenBuilt() {
        // --disable-userns needs the user namespace bubblewrap creates with --unshare-user
        assertThat(argv).containsSequence("--unshare-user", "--disable-userns");
    }

    @Test
    void shouldMountNothingFromHostReadWriteWhenBuilt() {
        assertThat(argv).doesNotContain("--bind", "--bind-try", "--dev-bind", "--dev-bind-try", "--bind-fd");
        assertThat(argv).containsSequence("--dev", "/dev").containsSequence("--proc", "/proc");
    }

    @Test
    void shouldBindUsrReadOnlyWhenBuilt() {
        assertThat(hostMounts()).contains(new Mount("--ro-bind", "/usr", "/usr"));
    }

    @Test
    void shouldNeverBindBroadHostDirectoriesWhenBuilt() {
        Set<String> forbidden = Set.of("/", "/home", "/root", "/work", "/var", "/etc", "/tmp", "/opt",
                runtimeDir.toString());

        assertThat(hostMounts()).allSatisfy(mount -> {
            assertThat(Path.of(mount.source()).normalize().toString()).isNotIn(forbidden);
            assertThat(runtimeDir.startsWith(Path.of(mount.source())))
                    .as("%s exposes the runtime directory", mount.source()).isFalse();
        });
    }

    @Test
    void shouldBindOnlyAgentPasswdAndGroupFromRuntimeDirectoryWhenBuilt() {
        List<Mount> fromRuntime = hostMounts().stream()
                .filter(mount -> Path.of(mount.source()).startsWith(runtimeDir)).toList();

        assertThat(fromRuntime).containsExactlyInAnyOrder(
                new Mount("--ro-bind", runtimeDir.resolve("agent").toString(), "/opt/agent"),
                new Mount("--ro-bind", runtimeDir.resolve("passwd").toString(), "/etc/passwd"),
                new Mount("--ro-bind", runtimeDir.resolve("group").toString(), "/etc/group"));
    }

    @Test
    void shouldBindOnlySingleEntriesOfHostEtcWhenBuilt() {
        assertThat(hostMounts()).filteredOn(mount -> mount.source().startsWith("/etc")).isNotEmpty()
                .allSatisfy(mount -> {
                    assertThat(mount.option()).isEqualTo("--ro-bind-try");
                    assertThat(mount.source()).matches("/etc/[^/]+").isEqualTo(mount.destination())
                            .isNotIn("/etc/passwd", "/etc/group", "/etc/shadow");
                });
    }

    @Test
    void shouldMountSizedTmpfsForWorkspaceAndTmpWhenBuilt() {
        assertThat(argv).containsSequence("--size", Long.toString(WORKSPACE_BYTES), "--tmpfs", "/workspace");
        assertThat(argv).containsSequence("--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp");
        assertThat(argv).containsSequence("--chdir", "/workspace");
    }

    @Test
    void shouldEndWithIsolatedPythonRunningTheAgentWhenBuilt() {
        assertThat(argv.subList(argv.size() - 4, argv.size()))
                .containsExactly(PYTHON, "-I", "-S", "/opt/agent/agent.py");
    }

    @Test
    void shouldStartBubblewrapAsTheHostUidWithoutGroupsOrCapabilitiesWhenGivenOne() {
        AgentRuntime runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
        List<String> asUid = new BubblewrapCommand(BWRAP, PYTHON, runtime, WORKSPACE_BYTES, TMP_BYTES, 1000, 1000,
                false).argv(200_007);

        assertThat(asUid.subList(0, 9)).containsExactly("nice", "-n", "10", "setpriv", "--reuid=200007",
                "--regid=200007", "--clear-groups", "--inh-caps=-all", BWRAP);
        assertThat(asUid.subList(8, asUid.size())).isEqualTo(argv.subList(3, argv.size()));
        assertThat(asUid).containsSequence("--uid", "1000");
    }

    @Test
    void shouldGiveDevShmItsOwnSizedTmpfsWhenBuilt() {
        assertThat(argv).containsSequence("--dev", "/dev", "--perms", "01777", "--size", Long.toString(TMP_BYTES),
                "--tmpfs", "/dev/shm");
    }

    @Test
    void shouldShareTheHostNetworkAndMountResolverFilesOnlyWhenEgressIsChosen() {
        AgentRuntime runtime = AgentRuntime.installIn(runtimeDir, PYTHON, 1000, 1000);
        List<String> egress = new BubblewrapCommand(BWRAP, PYTHON, runtime, WORKSPACE_BYTES, TMP_BYTES, 1000, 1000,
                true).argv();

        assertThat(egress).containsSequence("--unshare-all", "--unshare-user").contains("--share-net")
                .containsSequence("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf");
        assertThat(argv).doesNotContain("--share-net", "/etc/resolv.conf", "/etc/hosts");
    }

    @Test
    void shouldLeaveRuntimeFilesReadableButNotWritableByOthersWhenInstalled() throws Exception {
        try (Stream<Path> paths = Files.walk(runtimeDir)) {
            assertThat(paths.toList()).allSatisfy(path -> {
                String perms = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                assertThat(perms).as(path.toString()).matches(Files.isDirectory(path)
                        ? "rwxr-xr-x" : "rw-r--r--");
            });
        }
    }

    private record Mount(String option, String source, String destination) {
    }

    private static List<Mount> hostMounts() {
        List<Mount> mounts = new ArrayList<>();
        for (int i = 0; i < argv.size() - 2; i++) {
            if (HOST_MOUNTS.contains(argv.get(i))) {
                mounts.add(new Mount(argv.get(i), argv.get(i + 1), argv.get(i + 2)));
            }
        }
        return mounts;
    }
}
