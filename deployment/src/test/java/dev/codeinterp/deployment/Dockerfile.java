package dev.codeinterp.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as stages of instructions (continuation lines joined, comments dropped): enough for rule tests. */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String from, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String joined = pending.append(trimmed).toString().strip();
            pending.setLength(0);
            String[] parts = joined.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                stages.add(new Stage(instruction.arguments(), new ArrayList<>()));
            } else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    /** Stages no other stage uses ({@code FROM <stage>} or {@code COPY --from=<stage>}): the images a build makes. */
    List<Stage> finalStages() {
        List<String> used = new ArrayList<>(stages.stream().map(s -> s.from().split("\\s+")[0]).toList());
        stages.forEach(s -> s.all("COPY").stream().map(Instruction::arguments)
                .filter(a -> a.startsWith("--from=")).forEach(a -> used.add(a.substring(7).split("\\s+")[0])));
        return stages.stream().filter(s -> !used.contains(name(s))).toList();
    }

    static String name(Stage stage) {
        String[] words = stage.from().split("\\s+");
        return words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
    }
}
