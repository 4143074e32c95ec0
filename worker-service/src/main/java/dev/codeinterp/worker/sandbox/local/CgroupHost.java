package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the worker can give each zygote cgroups of its own ({@link CgroupGrant}), in which the zygote gives each job
 * a cgroup capping the whole sandbox: memory (its filesystems' pages included), processes and CPU. The cgroups are
 * made under the worker's own, in cgroup v2 (one hierarchy, with the memory and pids controllers, and cpu if
 * available) or, on a v1 host, in the memory, pids and (if mounted) cpu hierarchies. The worker must be root, to hand
 * the cgroups to the zygote's host uid. When none of this is possible the host says why ({@link #unavailable()}).
 */
public final class CgroupHost {

    private static final Logger log = LoggerFactory.getLogger(CgroupHost.class);
    static final String PREFIX = "code-interpreter-";
    private static final List<String> V1_REQUIRED = List.of("memory", "pids");

    /** The cgroup versions. */
    public enum Version { V1, V2 }

    /** One hierarchy: the controllers used in it and the worker's own cgroup there. */
    record Hierarchy(List<String> controllers, Path group) { }

    private final Version version;
    private final List<Hierarchy> hierarchies;
    private final String unavailable;
    private final long workerPid;
    /** Cgroups made by this JVM (which may run several workers): their names' last part. */
    private static final AtomicInteger MADE = new AtomicInteger();

    private CgroupHost(Version version, List<Hierarchy> hierarchies, String unavailable, long workerPid) {
        this.version = version;
        this.hierarchies = List.copyOf(hierarchies);
        this.unavailable = unavailable;
        this.workerPid = workerPid;
    }

    /** This host's cgroups, as the worker process sees them. */
    public static CgroupHost detect() {
        List<String> own;
        try {
            own = Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return none("cannot read /proc/self/cgroup: " + e.getMessage());
        }
        return detect(Path.of("/sys/fs/cgroup"), own, HostUids.workerIsRoot(), ProcessHandle.current().pid());
    }

    /**
     * @param mountRoot where the cgroup filesystems are mounted
     * @param ownCgroup the lines of the worker's {@code /proc/self/cgroup}
     * @param root      whether the worker is root
     */
    static CgroupHost detect(Path mountRoot, List<String> ownCgroup, boolean root, long workerPid) {
        if (!root) {
            return none("the worker is not root, so it cannot hand cgroups to the sandboxes' host uids");
        }
        CgroupHost host = Files.isRegularFile(mountRoot.resolve("cgroup.controllers"))
                ? v2(mountRoot, ownCgroup, workerPid) : v1(mountRoot, ownCgroup, workerPid);
        if (host.unavailable().isEmpty()) {
            host.removeLeftovers();
        }
        return host;
    }

    /** A host on which sandboxes get no cgroups, for {@code reason}. */
    public static CgroupHost none(String reason) {
        return new CgroupHost(null, List.of(), reason, 0);
    }

    private static CgroupHost v2(Path mountRoot, List<String> ownCgroup, long workerPid) {
        Optional<String> path = ownCgroup.stream().filter(line -> line.startsWith("0::")).map(line -> line.substring(3))
                .findFirst();
        if (path.isEmpty()) {
            return none("cgroup v2 is mounted but the worker's cgroup is not in /proc/self/cgroup");
        }
        Path group = within(mountRoot, path.get());
        List<String> available = words(group.resolve("cgroup.controllers"));
        if (!available.containsAll(V1_REQUIRED)) {
            return none("cgroup v2: the worker's cgroup " + group + " has controllers " + available
                    + ", not memory and pids: delegate them to it (systemd: Delegate=yes)");
        }
        List<String> controllers = new ArrayList<>(V1_REQUIRED);
        if (available.contains("cpu")) {
            controllers.add("cpu");
        }
        try {
            enableForChildren(group, controllers, workerPid);
        } catch (IOException e) {
            return none("cgroup v2: cannot enable " + controllers + " for the children of " + group + " ("
                    + e.getMessage() + "): run the worker alone in a cgroup delegated to it");
        }
        return new CgroupHost(Version.V2, List.of(new Hierarchy(controllers, group)), null, workerPid);
    }

    /**
     * Enables the controllers for the children of the worker's cgroup; cgroup v2 allows that only to a cgroup with no
     * process in it, so when the worker is alone in it, it first moves into a leaf of its own.
     */
    private static void enableForChildren(Path group, List<String> controllers, long workerPid) throws IOException {
        Path subtree = group.resolve("cgroup.subtree_control");
        if (words(subtree).containsAll(controllers)) {
            return;
        }
        String enable = String.join(" ", controllers.stream().map(c -> "+" + c).toList());
        try {
            Files.writeString(subtree, enable);
        } catch (IOException busy) {
            List<String> processes = words(group.resolve("cgroup.procs"));
            if (!processes.equals(List.of(Long.toString(workerPid)))) {
                throw busy;
            }
            Path leaf = Files.createDirectories(group.resolve(PREFIX + "worker"));
            Files.writeString(leaf.resolve("cgroup.procs"), Long.toString(workerPid));
            Files.writeString(subtree, enable);
        }
    }

    private static CgroupHost v1(Path mountRoot, List<String> ownCgroup, long workerPid) {
        List<Hierarchy> hierarchies = new ArrayList<>();
        for (String controller : List.of("memory", "pids", "cpu")) {
            Optional<Path> group = v1Group(mountRoot, ownCgroup, controller);
            if (group.isPresent()) {
                hierarchies.add(new Hierarchy(List.of(controller), group.get()));
            } else if (V1_REQUIRED.contains(controller)) {
                return none("no cgroup v2, and cgroup v1's " + controller + " controller is not mounted under "
                        + mountRoot);
            }
        }
        for (Hierarchy hierarchy : hierarchies) {
            if (!Files.isWritable(hierarchy.group())) {
                return none("cgroup v1: the worker's cgroup " + hierarchy.group() + " is read-only");
            }
        }
        return new CgroupHost(Version.V1, hierarchies, null, workerPid);
    }

    /** The worker's cgroup in the v1 hierarchy of `controller`, from its line {@code id:controllers:path}. */
    private static Optional<Path> v1Group(Path mountRoot, List<String> ownCgroup, String controller) {
        for (String line : ownCgroup) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && Arrays.asList(fields[1].split(",")).contains(controller)) {
                Path mount = Files.isDirectory(mountRoot.resolve(controller)) ? mountRoot.resolve(controller)
                        : mountRoot.resolve(fields[1]);
                if (!Files.isRegularFile(mount.resolve("cgroup.procs"))) {
                    return Optional.empty();
                }
                Path group = within(mount, fields[2]);
                // in a container the hierarchy may be mounted at the worker's own cgroup
                return Optional.of(Files.isDirectory(group) ? group : mount);
            }
        }
        return Optional.empty();
    }

    private static Path within(Path mount, String path) {
        String relative = path.replaceFirst("^/+", "");
        return relative.isEmpty() ? mount : mount.resolve(relative);
    }

    private static List<String> words(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why sandboxes get no cgroup of their own on this host; empty when they do. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    public Optional<Version> version() {
        return Optional.ofNullable(version);
    }

    /** The controllers that cap each job: memory and pids, and cpu when this host has it. */
    public List<String> controllers() {
        return hierarchies.stream().flatMap(h -> h.controllers().stream()).toList();
    }

    /**
     * Cgroups for a new zygote running as host uid {@code ownerUid}, whose jobs get {@code limits}: a directory per
     * hierarchy that the uid owns (it may make cgroups in it and move its own processes between them), and a leaf
     * in each for the zygote itself.
     */
    public CgroupGrant delegate(int ownerUid, CgroupLimits limits) throws IOException {
        return make("zygote", limits, (hierarchy, dir) -> {
            if (version == Version.V2) {
                Files.writeString(dir.resolve("cgroup.subtree_control"), String.join(" ",
                        hierarchy.controllers().stream().map(c -> "+" + c).toList()));
            }
            Files.createDirectory(dir.resolve(CgroupGrant.ZYGOTE_LEAF));
            for (String owned : List.of("", "cgroup.procs", "cgroup.threads", "tasks", "cgroup.subtree_control")) {
                Path file = dir.resolve(owned);
                if (Files.exists(file)) {
                    Files.setAttribute(file, "unix:uid", ownerUid);
                    Files.setAttribute(file, "unix:gid", ownerUid);
                }
            }
        }, CgroupGrant.ZYGOTE_LEAF);
    }

    /** Cgroups of its own for one fresh sandbox, capped at {@code limits}. */
    public CgroupGrant sandbox(CgroupLimits limits) throws IOException {
        return make("sandbox", limits, (hierarchy, dir) -> {
            for (CgroupGrant.Limit limit : limits(hierarchy, dir, limits)) {
                Files.writeString(dir.resolve(limit.file()), limit.value());
            }
        }, "");
    }

    /** What each new cgroup directory gets once made. */
    private interface Setup {
        void apply(Hierarchy hierarchy, Path dir) throws IOException;
    }

    private CgroupGrant make(String kind, CgroupLimits limits, Setup setup, String leaf) throws IOException {
        if (unavailable != null) {
            throw new IllegalStateException("No cgroups on this host: " + unavailable);
        }
        String name = PREFIX + workerPid + "-" + kind + "-" + MADE.incrementAndGet();
        List<CgroupGrant.Group> groups = new ArrayList<>();
        try {
            for (Hierarchy hierarchy : hierarchies) {
                Path dir = Files.createDirectory(hierarchy.group().resolve(name));
                groups.add(new CgroupGrant.Group(dir, limits(hierarchy, dir, limits)));
                setup.apply(hierarchy, dir);
            }
            return new CgroupGrant(groups, leaf);
        } catch (IOException | RuntimeException e) {
            new CgroupGrant(groups, leaf).remove(1, Duration.ZERO);
            throw e;
        }
    }

    /** The limit files of each job's cgroup in `dir`, for the controllers of `hierarchy`. */
    private List<CgroupGrant.Limit> limits(Hierarchy hierarchy, Path dir, CgroupLimits limits) {
        List<CgroupGrant.Limit> files = new ArrayList<>();
        String memory = Long.toString(limits.memoryBytes());
        String processes = Long.toString(limits.maxProcesses());
        long quota = limits.cpuQuotaMicros();
        for (String controller : hierarchy.controllers()) {
            switch (version.name() + "/" + controller) {
                case "V2/memory" -> {
                    files.add(new CgroupGrant.Limit("memory.max", memory));
                    if (Files.exists(dir.resolve("memory.swap.max"))) {
                        files.add(new CgroupGrant.Limit("memory.swap.max", "0")); // no swap
                    }
                }
                case "V1/memory" -> {
                    files.add(new CgroupGrant.Limit("memory.limit_in_bytes", memory));
                    if (Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
                        files.add(new CgroupGrant.Limit("memory.memsw.limit_in_bytes", memory)); // no swap
                    }
                }
                case "V2/pids", "V1/pids" -> files.add(new CgroupGrant.Limit("pids.max", processes));
                case "V2/cpu" -> {
                    if (quota > 0) {
                        files.add(new CgroupGrant.Limit("cpu.max", quota + " " + CgroupLimits.CPU_PERIOD_MICROS));
                    }
                }
                case "V1/cpu" -> {
                    if (quota > 0) {
                        files.add(new CgroupGrant.Limit("cpu.cfs_period_us",
                                Long.toString(CgroupLimits.CPU_PERIOD_MICROS)));
                        files.add(new CgroupGrant.Limit("cpu.cfs_quota_us", Long.toString(quota)));
                    }
                }
                default -> throw new IllegalStateException("Unexpected controller " + controller);
            }
        }
        return files;
    }

    /** Cgroups left by workers that have ended without removing theirs (those still holding a process stay). */
    private void removeLeftovers() {
        for (Hierarchy hierarchy : hierarchies) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(hierarchy.group(), PREFIX + "*-{zygote,sandbox}-*")) {
                for (Path dir : dirs) {
                    String pid = dir.getFileName().toString().substring(PREFIX.length()).split("-")[0];
                    if (ProcessHandle.of(Long.parseLong(pid)).isEmpty() && CgroupGrant.removeTree(dir)) {
                        log.info("Removed the cgroup {} of an ended worker", dir);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                log.debug("Could not look for ended workers' cgroups in {}", hierarchy.group(), e);
            }
        }
    }
}
