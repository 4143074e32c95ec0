package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cgroups made for one zygote or one fresh sandbox ({@link CgroupHost}), a directory per hierarchy. A zygote's are
 * owned by its host uid and hold a leaf for the zygote itself, in which the zygote makes one cgroup per job with
 * {@link Group#limits()}; the zygote sees directory {@code i} at {@code /run/cgroup/i}. A fresh sandbox's are its own
 * cgroups, the limits already written. Either way the command starts in {@link #joining(List)}.
 *
 * @param groups the directories, one per hierarchy, each with the limits of its job cgroups, in order
 * @param leaf   the directory the command starts in, relative to each group: {@code "zygote"}, or empty
 */
public record CgroupGrant(List<Group> groups, String leaf) {

    static final String ZYGOTE_LEAF = "zygote";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Writes "0" (itself) into each cgroup.procs file given before "--", then runs the command after it. */
    private static final String JOIN = "for f in \"$@\"; do [ \"$f\" = -- ] && break; "
            + "echo 0 > \"$f\" || exit 125; shift; done; shift; exec \"$@\"";

    /** One directory and the limit files of the job cgroups in it, written in this order. */
    public record Group(Path dir, List<Limit> limits) { }

    /** A cgroup control file and the value written to it. */
    public record Limit(String file, String value) { }

    public CgroupGrant {
        groups = List.copyOf(groups);
    }

    /** {@code argv}, started in these cgroups: a shell (still the worker's user) moves itself in, then execs it. */
    List<String> joining(List<String> argv) {
        List<String> joined = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "sh"));
        groups.forEach(group -> joined.add(group.dir().resolve(leaf).resolve("cgroup.procs").toString()));
        joined.add("--");
        joined.addAll(argv);
        return List.copyOf(joined);
    }

    /** What the zygote reads from {@code AGENT_CGROUPS}: the limits of each hierarchy's job cgroups, in order. */
    String agentSetting() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Group group : groups) {
            entries.add(Map.of("limits", group.limits().stream().map(l -> List.of(l.file(), l.value())).toList()));
        }
        return JSON.writeValueAsString(entries);
    }

    /**
     * Removes the cgroups (those made under them, then each directory), trying again while one still holds a process
     * (a process that has just ended may stay in its cgroup for a moment). Returns whether all are gone.
     */
    boolean remove(int tries, Duration pause) {
        for (int tried = 1; ; tried++) {
            boolean removed = true;
            for (Group group : groups) {
                removed &= removeTree(group.dir());
            }
            if (removed || tried >= tries) {
                return removed;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A cgroup directory and the cgroups under it: cgroup directories are removed whole, control files and all. */
    static boolean removeTree(Path dir) {
        try {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
                for (Path child : children) {
                    removeTree(child);
                }
            }
            Files.delete(dir);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
