package dev.codeinterp.local.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts, from the workers' logs, how many times each job's program ran to its end. Each worker logs one line per
 * attempt whose program ended, before the attempt records anything ({@code RunJob}), so a worker killed right after
 * has still logged it; and the sandbox itself can tell nothing to the outside (no network, no shared directory).
 */
final class CompletionLog {

    private static final Pattern RAN_TO_ITS_END = Pattern.compile("Job (\\S+): attempt (\\d+) ran to its end");

    private CompletionLog() {
    }

    static Map<String, Integer> count(List<Path> logs) {
        Map<String, Integer> completions = new HashMap<>();
        for (Path log : logs) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                lines.forEach(line -> count(line, completions));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return completions;
    }

    static void count(String line, Map<String, Integer> completions) {
        Matcher matcher = RAN_TO_ITS_END.matcher(line);
        if (matcher.find()) {
            completions.merge(matcher.group(1), 1, Integer::sum);
        }
    }
}
