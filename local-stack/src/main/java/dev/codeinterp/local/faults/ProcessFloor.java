package dev.codeinterp.local.faults;

import java.io.IOException;
import java.util.List;

/** The floor under any execution on this machine: starting python3 plainly and in bubblewrap, timed here and now. */
final class ProcessFloor {

    static final List<String> PYTHON = List.of("/usr/bin/python3", "-c", "print(1)");
    static final List<String> BWRAP_PYTHON = List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc",
            "/proc", "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--clearenv", "--as-pid-1", "/usr/bin/python3", "-c", "print(1)");

    private ProcessFloor() {
    }

    static Percentiles time(List<String> command, int count) throws IOException, InterruptedException {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            nanos[i] = System.nanoTime() - start;
        }
        return new Percentiles(nanos);
    }
}
