package dev.codeinterp.worker.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent runtime directory must be this process's own before the agent is installed in it. */
class AgentRuntimeTest {

    @TempDir
    Path tmp;

    @Test
    void shouldInstallEveryAgentFileAndTheSeccompFilterWhenInstalled() {
        AgentRuntime runtime = AgentRuntime.installIn(tmp.resolve("runtime"), "/usr/bin/python3", 1000, 1000);

        assertThat(AgentRuntime.AGENT_FILES).contains("launcher.py", "seccomp.py");
        assertThat(AgentRuntime.AGENT_FILES).allSatisfy(name -> assertThat(runtime.agentDir().resolve(name))
                .isRegularFile().isNotEmptyFile());
    }

    @Test
    void shouldCreateTheDirectoryWhenItIsMissing() throws IOException {
        Path dir = tmp.resolve("a/runtime");

        AgentRuntime.claim(dir);

        assertThat(dir).isDirectory();
    }

    @Test
    void shouldAcceptItsOwnDirectoryAgainWhenRestarted() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("runtime"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        AgentRuntime.claim(dir);

        assertThat(dir).isDirectory();
    }

    @Test
    void shouldRefuseASymbolicLinkWhereTheDirectoryShouldBe() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path dir = Files.createSymbolicLink(tmp.resolve("runtime"), elsewhere);

        assertThatThrownBy(() -> AgentRuntime.claim(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a directory");
        assertThat(Files.isSymbolicLink(dir)).isTrue();
    }

    @Test
    void shouldRefuseADirectoryOthersCanWrite() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("runtime"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> AgentRuntime.claim(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("writable by other users");
    }

    @Test
    void shouldRefuseADirectoryAnotherUserCreatedFirst() throws IOException {
        assumeTrue(isRoot(), "only root can give a directory to another user");
        Path dir = Files.createDirectory(tmp.resolve("runtime"));
        Files.setAttribute(dir, "unix:uid", 54321, LinkOption.NOFOLLOW_LINKS);

        assertThatThrownBy(() -> AgentRuntime.claim(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to uid 54321");
    }

    private static boolean isRoot() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }
}
