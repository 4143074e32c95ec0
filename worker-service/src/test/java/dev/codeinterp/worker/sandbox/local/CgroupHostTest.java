package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cgroups a host offers, and what each zygote is given, on directory trees laid out as the kernel's. */
class CgroupHostTest {

    private static final long MIB = 1024 * 1024;
    private static final CgroupLimits LIMITS = new CgroupLimits(512 * MIB, 64, 1.5);

    @TempDir
    Path root;

    @Test
    void shouldSayWhyWhenTheWorkerIsNotRoot() {
        CgroupHost host = CgroupHost.detect(root, List.of("0::/"), false, 42);

        assertThat(host.unavailable()).contains(
                "the worker is not root, so it cannot hand cgroups to the sandboxes' host uids");
    }

    @Test
    void shouldUseTheWorkersMemoryPidsAndCpuGroupsWhenTheHostHasCgroupV1() throws IOException {
        // given
        Path memory = hierarchy("memory", "/service/worker");
        hierarchy("pids", "");
        hierarchy("cpu,cpuacct", "");
        Files.createSymbolicLink(root.resolve("cpu"), root.resolve("cpu,cpuacct"));
        List<String> own = List.of("5:pids:/", "4:memory:/service/worker", "3:cpu,cpuacct:/", "0::/");

        // when
        CgroupHost host = CgroupHost.detect(root, own, true, 42);
        CgroupGrant granted = host.delegate(0, LIMITS);

        // then
        assertThat(host.unavailable()).isEmpty();
        assertThat(host.version()).contains(CgroupHost.Version.V1);
        assertThat(host.controllers()).containsExactly("memory", "pids", "cpu");
        String name = granted.groups().get(0).dir().getFileName().toString();
        assertThat(name).matches("code-interpreter-42-zygote-[0-9]+");
        assertThat(granted.groups()).extracting(CgroupGrant.Group::dir).containsExactly(memory.resolve(name),
                root.resolve("pids").resolve(name), root.resolve("cpu").resolve(name));
        assertThat(granted.joining(List.of("bwrap", "--"))).containsSubsequence("/bin/sh", "-c",
                memory.resolve(name).resolve("zygote/cgroup.procs").toString(),
                root.resolve("cpu").resolve(name).resolve("zygote/cgroup.procs").toString(), "--", "bwrap", "--");
        assertThat(granted.agentSetting()).isEqualTo("[{\"limits\":[[\"memory.limit_in_bytes\",\"536870912\"]]},"
                + "{\"limits\":[[\"pids.max\",\"64\"]]},"
                + "{\"limits\":[[\"cpu.cfs_period_us\",\"100000\"],[\"cpu.cfs_quota_us\",\"150000\"]]}]");
        assertThat(Files.isDirectory(memory.resolve(name).resolve("zygote"))).isTrue();
    }

    @Test
    void shouldSayWhichControllerIsMissingWhenCgroupV1HasNoPidsHierarchy() throws IOException {
        hierarchy("memory", "");

        CgroupHost host = CgroupHost.detect(root, List.of("4:memory:/"), true, 42);

        assertThat(host.unavailable()).contains("no cgroup v2, and cgroup v1's pids controller is not mounted under "
                + root);
    }

    @Test
    void shouldGiveEachZygoteAChildWithTheControllersEnabledWhenTheHostHasCgroupV2() throws IOException {
        // given: the worker's cgroup, with memory, pids and cpu available and already enabled for its children
        Path group = Files.createDirectories(root.resolve("system.slice/worker.service"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids io");
        Files.writeString(group.resolve("cgroup.controllers"), "cpu memory pids");
        Files.writeString(group.resolve("cgroup.subtree_control"), "cpu memory pids");

        // when
        CgroupHost host = CgroupHost.detect(root, List.of("0::/system.slice/worker.service"), true, 42);
        CgroupGrant first = host.delegate(0, LIMITS);
        CgroupGrant second = host.delegate(0, new CgroupLimits(LIMITS.memoryBytes(), 64, 0));

        // then (memory.swap.max is set where the kernel has it; a plain directory does not)
        assertThat(host.version()).contains(CgroupHost.Version.V2);
        assertThat(first.groups()).singleElement().satisfies(granted -> {
            assertThat(granted.dir().getParent()).isEqualTo(group);
            assertThat(Files.readString(granted.dir().resolve("cgroup.subtree_control")))
                    .isEqualTo("+memory +pids +cpu");
        });
        assertThat(first.agentSetting()).isEqualTo("[{\"limits\":[[\"memory.max\",\"536870912\"],"
                + "[\"pids.max\",\"64\"],"
                + "[\"cpu.max\",\"150000 100000\"]]}]");
        assertThat(second.groups().get(0).dir().getParent()).isEqualTo(group);
        assertThat(second.groups().get(0).dir()).isNotEqualTo(first.groups().get(0).dir());
        assertThat(second.agentSetting()).doesNotContain("cpu.max");
    }

    @Test
    void shouldSayWhatToDelegateWhenTheWorkersV2CgroupLacksTheMemoryController() throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu pids");

        CgroupHost host = CgroupHost.detect(root, List.of("0::/"), true, 42);

        assertThat(host.unavailable()).contains("cgroup v2: the worker's cgroup " + root + " has controllers "
                + "[cpu, pids], not memory and pids: delegate them to it (systemd: Delegate=yes)");
    }

    @Test
    void shouldWriteTheCapsIntoAFreshSandboxsOwnCgroupsWhenMade() throws IOException {
        // given
        hierarchy("memory", "");
        hierarchy("pids", "");
        CgroupHost host = CgroupHost.detect(root, List.of("5:pids:/", "4:memory:/"), true, 42);

        // when
        CgroupGrant granted = host.sandbox(LIMITS);

        // then: no cpu hierarchy here, so no CPU cap
        assertThat(host.controllers()).containsExactly("memory", "pids");
        Path memory = granted.groups().get(0).dir();
        assertThat(memory.getFileName().toString()).matches("code-interpreter-42-sandbox-[0-9]+");
        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo("536870912");
        assertThat(Files.readString(granted.groups().get(1).dir().resolve("pids.max"))).isEqualTo("64");
        assertThat(granted.joining(List.of("bwrap"))).contains(memory.resolve("cgroup.procs").toString());
    }

    /** A v1 hierarchy mounted at root/name, with the worker's cgroup at `path` in it. */
    private Path hierarchy(String name, String path) throws IOException {
        Path mount = Files.createDirectories(root.resolve(name));
        Files.writeString(mount.resolve("cgroup.procs"), "");
        Path group = Files.createDirectories(path.isEmpty() ? mount : mount.resolve(path.substring(1)));
        Files.writeString(group.resolve("cgroup.procs"), "");
        return group;
    }
}
