package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Bubblewrap's outer process and the sandbox's PID 1 (with {@code --as-pid-1}, bubblewrap's only child: the agent).
 * <p>
 * What makes the end of a sandbox observable without polling: bubblewrap's outer process waits in
 * {@code monitor_child} until {@code waitpid} returns its child, the sandbox's PID 1, and only then exits (bubblewrap
 * 0.8 {@code bubblewrap.c}). The kernel, when PID 1 of a PID namespace exits, SIGKILLs every process of the namespace
 * (nested namespaces included) and blocks PID 1's exit in {@code zap_pid_ns_processes} until all of them are released,
 * before PID 1 even becomes a zombie: once PID 1 has been reaped, no process of the namespace is left. So when the
 * sandbox is ended by ending PID 1 (or PID 1 ends by itself: the agent exits after its reply), {@link #awaitExit()}
 * returns (and {@link #onExit()} completes) only after the whole sandbox is gone. That holds only if bubblewrap's
 * outer process was not itself killed first (then PID 1 dies of {@code --die-with-parent} after bubblewrap has
 * already exited), which {@link #initReaped()} tells apart.
 */
final class BubblewrapProcess {

    private final Process process;
    private volatile ProcessHandle init;

    BubblewrapProcess(Process process) {
        this.process = process;
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Waits until bubblewrap has ended and been reaped, whatever interrupts come meanwhile (keeping them). */
    void awaitExit() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Notes the sandbox's PID 1, once it runs (its agent has reported ready): read from {@code /proc}'s list of
     * bubblewrap's children, one small file. Without it, {@link #kill()} kills bubblewrap itself and
     * {@link #initReaped()} stays false.
     */
    void findInit() {
        String children;
        try {
            children = Files.readString(Path.of("/proc", Long.toString(pid()), "task", Long.toString(pid()),
                    "children")).strip();
        } catch (IOException e) {
            return; // bubblewrap gone already, or a kernel without CONFIG_PROC_CHILDREN
        }
        if (!children.isEmpty() && children.indexOf(' ') < 0) {
            // A handle carries the start time, so a later kill cannot reach another process that reused the pid.
            init = ProcessHandle.of(Long.parseLong(children)).orElse(null);
        }
    }

    /**
     * Ends the sandbox by killing its PID 1, which ends every process in it and then bubblewrap; bubblewrap itself
     * when PID 1 is not known.
     */
    void kill() {
        ProcessHandle pid1 = init;
        if (pid1 != null && process.isAlive()) {
            pid1.destroyForcibly();
        } else {
            process.destroyForcibly();
        }
    }

    /**
     * Whether the sandbox's PID 1 has been reaped, hence (see above) no process of the sandbox is left; false when
     * PID 1 is not known or still exists (even as a zombie).
     */
    boolean initReaped() {
        ProcessHandle pid1 = init;
        return pid1 != null && !pid1.isAlive();
    }
}
