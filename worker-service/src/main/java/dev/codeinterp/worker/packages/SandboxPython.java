package dev.codeinterp.worker.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python of the sandboxes, as package installation must know it: which top-level modules it has without anything
 * installed for a job, and which wheels load in it. The worker's pip installs for it by name ({@code --python-version},
 * {@code --abi}, {@code --platform}), so the worker's own Python may differ from it (executor pods run their image's).
 *
 * @param version  {@code major.minor}, e.g. {@code 3.11}
 * @param abi      CPython's ABI tag, e.g. {@code cp311}
 * @param machine  e.g. {@code x86_64}
 * @param glibc    {@code major.minor} of its C library when that is glibc, else empty
 * @param modules  its standard library, built-in and installed top-level modules
 */
public record SandboxPython(String version, String abi, String machine, String glibc, Set<String> modules) {

    /**
     * Run by the sandbox's Python (in a sandbox, or as {@code python -I -c}); prints one JSON line. Only the standard
     * library: it must run before anything is installed.
     */
    public static final String PROBE = """
            import json, os, pkgutil, platform, sys
            try:
                libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
            except (ValueError, OSError):
                libc = ""
            names = set(sys.builtin_module_names) | set(sys.stdlib_module_names)
            names |= {module.name for module in pkgutil.iter_modules()}
            print(json.dumps({"implementation": sys.implementation.name, "version": list(sys.version_info[:2]),
                              "abiflags": sys.abiflags, "machine": platform.machine(), "libc": libc,
                              "modules": sorted(names)}))
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GLIBC = Pattern.compile("glibc (\\d+)\\.(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9_]+");
    private static final long PROBE_TIMEOUT_SECONDS = 60;
    /** The oldest glibc with manylinux wheels, per architecture (PEP 600): the others start at manylinux2014. */
    private static final Map<String, Integer> OLDEST_GLIBC_MINOR = Map.of("x86_64", 5, "i686", 5);
    private static final Map<Integer, String> LEGACY_MANYLINUX = Map.of(17, "manylinux2014", 12, "manylinux2010",
            5, "manylinux1");

    public SandboxPython {
        modules = Set.copyOf(modules);
        if (!version.matches("\\d+\\.\\d+") || !TOKEN.matcher(abi).matches() || !TOKEN.matcher(machine).matches()
                || !glibc.isEmpty() && !glibc.matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("not a Python description: " + version + " " + abi + " " + machine
                    + " " + glibc);
        }
    }

    /** Asks {@code python} (the sandboxes' interpreter, on this host) what it is. */
    public static SandboxPython probe(String python) throws IOException {
        Process process = new ProcessBuilder(python, "-I", "-c", PROBE)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream output = process.getInputStream()) {
            String printed = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(python + " could not describe itself");
            }
            return parse(printed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while asking " + python + " what it is", e);
        }
    }

    /** Reads what {@link #PROBE} printed. */
    public static SandboxPython parse(String printed) throws IOException {
        JsonNode probed;
        try {
            probed = JSON.readTree(printed.strip());
        } catch (IOException e) {
            throw new IOException("the sandbox's Python printed no description: " + abbreviate(printed));
        }
        if (probed == null || !probed.path("modules").isArray() || probed.path("version").size() != 2) {
            throw new IOException("the sandbox's Python printed no description: " + abbreviate(printed));
        }
        if (!"cpython".equals(probed.path("implementation").asText())) {
            throw new IOException("package installation needs CPython in the sandboxes, not "
                    + probed.path("implementation").asText());
        }
        int major = probed.path("version").get(0).asInt();
        int minor = probed.path("version").get(1).asInt();
        Matcher glibc = GLIBC.matcher(probed.path("libc").asText());
        Set<String> modules = new TreeSet<>();
        probed.path("modules").forEach(module -> modules.add(module.asText()));
        try {
            return new SandboxPython(major + "." + minor, "cp" + major + minor + probed.path("abiflags").asText(),
                    probed.path("machine").asText(), glibc.matches() ? glibc.group(1) + "." + glibc.group(2) : "",
                    modules);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    /**
     * The platforms whose wheels load in this Python, most specific first: {@code manylinux_2_N} from its glibc down
     * to the oldest, each with its legacy alias ({@code manylinux2014}, …), then {@code linux}.
     */
    public List<String> platforms() {
        List<String> platforms = new ArrayList<>();
        if (!glibc.isEmpty() && glibc.startsWith("2.")) {
            int newest = Integer.parseInt(glibc.substring(2));
            int oldest = OLDEST_GLIBC_MINOR.getOrDefault(machine, 17);
            for (int minor = newest; minor >= oldest; minor--) {
                platforms.add("manylinux_2_" + minor + "_" + machine);
                if (LEGACY_MANYLINUX.containsKey(minor)) {
                    platforms.add(LEGACY_MANYLINUX.get(minor) + "_" + machine);
                }
            }
        }
        platforms.add("linux_" + machine);
        return List.copyOf(platforms);
    }

    /** pip's options that make it install wheels for this Python, whichever Python runs pip. */
    public List<String> pipTarget() {
        List<String> options = new ArrayList<>(List.of("--python-version", version, "--implementation", "cp",
                "--abi", abi));
        platforms().forEach(platform -> options.addAll(List.of("--platform", platform)));
        return List.copyOf(options);
    }

    /**
     * Names what an install for this Python is good for, e.g. {@code cp311-manylinux_2_36_x86_64}: packages installed
     * for one Python are never handed to another (a store shared by executor images of two Python versions).
     */
    public String flavour() {
        return abi + "-" + platforms().get(0);
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\p{Cntrl}", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
