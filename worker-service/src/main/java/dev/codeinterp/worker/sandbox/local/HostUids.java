package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A range of unprivileged host user ids, one held by each live sandbox, so that per-user kernel limits
 * (RLIMIT_NPROC above all) count each sandbox on its own and no sandbox runs as the worker's root. A uid comes back
 * only once no process of it is left: {@link #release} kills what remains (every process of the uid belongs to the
 * sandbox that held it) and waits until the host shows none.
 */
public final class HostUids {

    private static final Logger log = LoggerFactory.getLogger(HostUids.class);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private final int base;
    private final int size;
    private final Deque<Integer> free = new ArrayDeque<>();

    /** @param size the most sandboxes alive at once */
    public HostUids(int base, int size) {
        if (base <= 0 || size <= 0 || (long) base + size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Bad host uid range: " + size + " from " + base);
        }
        this.base = base;
        this.size = size;
        for (int uid = base; uid < base + size; uid++) {
            free.add(uid);
        }
    }

    /** The next free uid; fails when every uid of the range is held (more sandboxes alive than planned). */
    public synchronized int acquire() {
        Integer uid = free.poll();
        if (uid == null) {
            throw new IllegalStateException("All " + size + " host uids from " + base + " are in use");
        }
        return uid;
    }

    /**
     * Returns {@code uid} once no process of it is left, killing any that remain; blocks for that. A uid whose
     * processes cannot be killed is kept out of use, with a warning.
     */
    public void release(int uid) {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        List<Long> left = processesOf(uid);
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                log.warn("Host uid {} still has processes {} {} s after its sandbox ended; not reusing it", uid, left,
                        RELEASE_WAIT.toSeconds());
                return;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            pause();
            left = processesOf(uid);
        }
        synchronized (this) {
            free.add(uid);
        }
    }

    /** Whether this JVM runs as root, the only user that can start processes as other uids. */
    public static boolean workerIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Uids not held at the moment. */
    public synchronized int freeCount() {
        return free.size();
    }

    /**
     * Processes (including zombies not yet reaped) of {@code uid}, found by the owner of their /proc directory: one
     * stat per process, as this runs after every sandbox (reading every status file cost the next job ~20 ms on two
     * cores). A sandbox process cannot change its uid (it holds no capability), so the owner is its uid — unless it
     * made itself non-dumpable, which makes /proc show root; such a process still dies with its PID namespace, the
     * primary guarantee, when the sandbox's PID 1 ends.
     */
    static List<Long> processesOf(int uid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> ownerOf(p) == uid)
                    .map(p -> Long.valueOf(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
    }

    private static int ownerOf(Path proc) {
        try {
            return (Integer) Files.getAttribute(proc, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
