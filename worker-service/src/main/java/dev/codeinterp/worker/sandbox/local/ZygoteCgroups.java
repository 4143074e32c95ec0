package dev.codeinterp.worker.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cgroups one zygote was given ({@link CgroupHost#delegate}): a directory per hierarchy that the zygote's host
 * uid owns, holding a leaf for the zygote itself, in which the zygote makes one cgroup per job with {@link #limits()}.
 * The zygote sees directory {@code i} at {@code /run/cgroup/i}; its jobs never see them.
 *
 * @param groups the delegated directories, one per hierarchy, each with the limits written into every job's cgroup
 *               there, in order
 */
public record ZygoteCgroups(List<Group> groups) {

    static final String ZYGOTE_LEAF = "zygote";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One delegated directory and the limit files of each job's cgroup in it, written in this order. */
    public record Group(Path dir, List<Limit> limits) { }

    /** A cgroup control file and the value written to it. */
    public record Limit(String file, String value) { }

    public ZygoteCgroups {
        groups = List.copyOf(groups);
    }

    /** The files that put a process into the zygote's leaf in every hierarchy. */
    List<Path> zygoteProcsFiles() {
        return groups.stream().map(group -> group.dir().resolve(ZYGOTE_LEAF).resolve("cgroup.procs")).toList();
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
     * Removes the cgroups (the jobs', the zygote's, then each delegated directory); a cgroup still holding a process
     * stays. Returns whether all are gone.
     */
    boolean remove() {
        boolean removed = true;
        for (Group group : groups) {
            removed &= removeTree(group.dir());
        }
        return removed;
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
