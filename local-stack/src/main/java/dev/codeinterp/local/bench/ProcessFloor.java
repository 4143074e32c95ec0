package dev.codeinterp.local.bench;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The floor under any execution on this machine: starting python3 plainly and in bubblewrap, timed here and now (a
 * figure is only comparable with a floor measured in the same run).
 */
public final class ProcessFloor {

    public static final List<String> PYTHON = List.of("/usr/bin/python3", "-c", "print(1)");
    /** Without the {@code site} module: the reference floor of the targets. */
    public static final List<String> PYTHON_NO_SITE = List.of("/usr/bin/python3", "-S", "-c", "print(1)");
    public static final List<String> PANDAS = List.of("/usr/bin/python3", "-c", "import pandas, numpy; print(1)");
    public static final List<String> BWRAP_PYTHON = inBubblewrap(PYTHON);
    public static final List<String> BWRAP_PYTHON_NO_SITE = inBubblewrap(PYTHON_NO_SITE);

    private ProcessFloor() {
    }

    /** {@code command} in a bubblewrap sandbox like the executor's: read-only root, no network, no capabilities. */
    public static List<String> inBubblewrap(List<String> command) {
        return Stream.concat(Stream.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs",
                "/tmp", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
                "--as-pid-1"), command.stream()).toList();
    }

    /** Runs {@code command} {@code count} times, one after the other, timing each from start to exit. */
    public static Percentiles time(List<String> command, int count) throws IOException, InterruptedException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            run(command);
            nanos[i] = System.nanoTime() - start;
        }
        return new Percentiles(nanos);
    }

    /** Whether {@code command} exits 0 (e.g. whether a module is importable). */
    public static boolean succeeds(List<String> command) throws IOException, InterruptedException {
        return run(command) == 0;
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
