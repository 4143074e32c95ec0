package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A range of unprivileged host user ids, one held by each live sandbox, so that per-user kernel limits
 * (RLIMIT_NPROC above all) count each sandbox on its own and no sandbox runs as the worker's root. A uid comes back
 * only once no process of it is left: {@link #release} when its sandbox's PID namespace is known to be empty (its
 * PID 1 was reaped, see {@link BubblewrapProcess}), {@link #releaseAfterCheck} otherwise, which looks once and keeps a
 * uid that still has processes out of use until a later {@link #acquire} finds none left. Nothing here waits or polls.
 */
public final class HostUids {

    private static final Logger log = LoggerFactory.getLogger(HostUids.class);

    private final int base;
    private final int size;
    private final Deque<Integer> free = new ArrayDeque<>();
    private final Set<Integer> quarantined = new LinkedHashSet<>();

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

    /**
     * The next free uid. When none is free it looks once more at the quarantined ones (whose leftover processes were
     * killed when they came back) and takes one that has none left; fails when there is still none (more sandboxes
     * alive than planned).
     */
    public synchronized int acquire() {
        if (free.isEmpty() && !quarantined.isEmpty()) {
            readmitQuarantined();
        }
        Integer uid = free.poll();
        if (uid == null) {
            throw new IllegalStateException("All " + size + " host uids from " + base + " are in use"
                    + (quarantined.isEmpty() ? "" : " (" + quarantined.size() + " kept out: processes left)"));
        }
        return uid;
    }

    /** Returns {@code uid} at once: the caller knows that no process of it is left. */
    public synchronized void release(int uid) {
        free.add(uid);
    }

    /**
     * Returns {@code uid} after one look at the host's processes; any that are left are killed, and the uid is kept
     * out of use, with a warning, until {@link #acquire} finds them gone. For sandboxes whose end was not observed
     * through their PID 1.
     */
    public void releaseAfterCheck(int uid) {
        List<Long> left = processesOf(uid);
        if (left.isEmpty()) {
            release(uid);
            return;
        }
        List<String> described = left.stream().map(pid -> ProcessHandle.of(pid).map(process -> {
            process.destroyForcibly();
            return pid + " " + process.info().command().orElse("?");
        }).orElse(pid + " (gone)")).toList();
        log.warn("Host uid {} still had processes {} after its sandbox ended; killed them, and the uid stays out of use "
                + "until none is left", uid, described);
        synchronized (this) {
            quarantined.add(uid);
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

    /** Whether {@code uid} is free (neither held nor kept out). */
    synchronized boolean isFree(int uid) {
        return free.contains(uid);
    }

    /** Uids not held at the moment. */
    public synchronized int freeCount() {
        return free.size();
    }

    private void readmitQuarantined() {
        Set<Integer> busy = uidsWithProcesses();
        for (Iterator<Integer> it = quarantined.iterator(); it.hasNext(); ) {
            int uid = it.next();
            if (!busy.contains(uid)) {
                it.remove();
                free.add(uid);
                log.info("Host uid {} has no process left; back in use", uid);
            }
        }
    }

    /**
     * Processes (including zombies not yet reaped) of {@code uid}, found by the owner of their /proc directory: one
     * stat per process. A sandbox process cannot change its uid (it holds no capability, and no-new-privs bars setuid
     * programs), so that owner, its effective uid, is its uid. Making itself non-dumpable does not hide it: that turns
     * the owner of the files under /proc/PID (status, fd...) to root, but never of the world-readable directory itself
     * (the kernel's task_dump_owner).
     */
    static List<Long> processesOf(int uid) {
        return processes().filter(p -> ownerOf(p) == uid).map(p -> Long.valueOf(p.getFileName().toString())).toList();
    }

    private static Set<Integer> uidsWithProcesses() {
        return processes().map(HostUids::ownerOf).collect(Collectors.toSet());
    }

    private static Stream<Path> processes() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()
                    .stream();
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
}
