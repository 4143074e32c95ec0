package dev.codeinterp.worker.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which PyPI distribution provides a top-level module, so that a missing import can be installed: {@code sklearn}
 * comes from {@code scikit-learn}, {@code cv2} from {@code opencv-python-headless}. The names that differ come from a
 * maintained table, {@code module-distributions.properties} next to this class (its header says what belongs in it);
 * any other module installs under its own name. The table is checked when it is read, so that a bad entry fails at
 * start-up rather than becoming a strange {@code pip} argument.
 */
public final class ModuleDistributions {

    static final String RESOURCE = "module-distributions.properties";

    /** An ASCII Python identifier: the table's modules are all ASCII. */
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A valid distribution name, as PEP 508 defines it. */
    private static final Pattern DISTRIBUTION = Pattern.compile("[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]");

    private final Map<String, String> distributions;

    /**
     * A table of module → distribution.
     *
     * @throws IllegalArgumentException if a module is not an identifier or a distribution not a valid name
     */
    public ModuleDistributions(Map<String, String> distributions) {
        distributions.forEach(ModuleDistributions::check);
        this.distributions = Map.copyOf(distributions);
    }

    /** The shipped table, read once. */
    public static ModuleDistributions standard() {
        return Standard.TABLE;
    }

    /** The distribution to install for a top-level module: the table's, or the module's own name when unlisted. */
    public String distributionFor(String module) {
        return distributions.getOrDefault(module, module);
    }

    /** Whether pip could be asked for {@code name}: a valid distribution name (an unlisted non-ASCII module is not). */
    public static boolean isDistributionName(String name) {
        return DISTRIBUTION.matcher(name).matches();
    }

    /** The table's entries, for tests. */
    Map<String, String> entries() {
        return distributions;
    }

    private static void check(String module, String distribution) {
        if (module == null || !MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("Not a Python module name: '" + module + "'");
        }
        if (distribution == null || !DISTRIBUTION.matcher(distribution).matches()) {
            throw new IllegalArgumentException(
                    "Not a distribution name for module " + module + ": '" + distribution + "'");
        }
    }

    /** Holds the shipped table, so that it is read on first use rather than whenever this class is loaded. */
    private static final class Standard {

        static final ModuleDistributions TABLE = new ModuleDistributions(read());

        private static Map<String, String> read() {
            try (InputStream in = ModuleDistributions.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + RESOURCE, e);
            }
        }
    }

    /**
     * Reads {@code module=distribution} lines, skipping blank lines and {@code #} comments; a line without {@code =}
     * or a module listed twice is refused with its line number.
     */
    static Map<String, String> parse(String text) {
        Map<String, String> table = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int number = 1; number <= lines.size(); number++) {
            String entry = lines.get(number - 1).strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + " is not module=distribution: "
                        + entry);
            }
            String module = entry.substring(0, equals).strip();
            if (table.put(module, entry.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException(RESOURCE + " line " + number + " lists " + module + " again");
            }
        }
        return table;
    }
}
