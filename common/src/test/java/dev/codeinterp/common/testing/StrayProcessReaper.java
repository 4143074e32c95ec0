package dev.codeinterp.common.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends the processes that a test run leaves holding its output. Maven reads a test JVM's stdout and stderr until
 * end-of-file, so a process that a test started with this JVM's stderr (a sandbox, a server) and that outlives the
 * JVM keeps the build waiting forever, long after every test passed. When the test plan has finished, this kills every
 * other process whose stdout or stderr is one of this JVM's output pipes, and names it on stderr so that the test
 * that leaked it can be found. Registered for every module that uses common's test-jar (a JUnit Platform service).
 */
public final class StrayProcessReaper implements TestExecutionListener {

    private static final Path PROC = Path.of("/proc");

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        for (ProcessHandle stray : holdersOf(ownOutputPipes())) {
            System.err.println("Killing a process left holding the test JVM's output (pid " + stray.pid() + "): "
                    + stray.info().commandLine().orElse("?"));
            stray.destroyForcibly();
        }
    }

    /** This JVM's stdout and stderr, when they are pipes (a terminal is never a reason to wait). */
    static Set<String> ownOutputPipes() {
        return Stream.of(1, 2).map(fd -> target(PROC.resolve("self/fd/" + fd))).flatMap(Optional::stream)
                .filter(target -> target.startsWith("pipe:")).collect(Collectors.toSet());
    }

    /**
     * The processes whose stdout or stderr is one of {@code pipes}, but for this one and its ancestors (surefire starts
     * the test JVM through a shell that shares its output).
     */
    static List<ProcessHandle> holdersOf(Set<String> pipes) {
        List<ProcessHandle> holders = new ArrayList<>();
        if (pipes.isEmpty()) {
            return holders;
        }
        Set<Long> lineage = Stream.iterate(Optional.of(ProcessHandle.current()), Optional::isPresent,
                process -> process.flatMap(ProcessHandle::parent)).map(process -> process.get().pid())
                .collect(Collectors.toSet());
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                boolean holds = Stream.of("fd/1", "fd/2").map(fd -> target(process.resolve(fd)))
                        .flatMap(Optional::stream).anyMatch(pipes::contains);
                if (holds && !lineage.contains(pid)) {
                    ProcessHandle.of(pid).ifPresent(holders::add);
                }
            }
        } catch (IOException e) {
            System.err.println("Could not list processes to find strays: " + e);
        }
        return holders;
    }

    private static Optional<String> target(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }
}
