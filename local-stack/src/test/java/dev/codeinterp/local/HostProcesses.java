package dev.codeinterp.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds host processes by their exact command line, reading /proc directly (it sees into every namespace). */
final class HostProcesses {

    private HostProcesses() {
    }

    static List<ProcessHandle> withCommandLine(String... argv) {
        String wanted = String.join("\0", argv);
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> wanted.equals(commandLine(p)))
                    .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String commandLine(Path proc) {
        try {
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return cmdline.endsWith("\0") ? cmdline.substring(0, cmdline.length() - 1) : cmdline;
        } catch (IOException e) {
            return "";
        }
    }
}
