package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** However broken the source, parsing answers with a tool or the spec's messages: never another exception. */
class ParseCustomToolRobustnessTest {

    private static final String TOOL = """
            import typing as t
            from datetime import datetime as dt
            from pathlib import Path

            @decorator(arg=[1, 2])
            def tool(a: int, b: t.Optional[list[str]] = None, *, when: dt, where: Path = Path("/x"),
                     choice: t.Literal['x', "y\\n"] = 'x', pair: tuple[int, ...] = (1, 2)) -> dict[str, t.Any]:
                r\"\"\"Does things.

                :param a: the a
                    continued
                :return: a mapping
                \"\"\"
                if a > 1:
                    return {f"{k!r:>3}": v for k, v in zip("ab", [1, 2])}
                return {}
            """;

    private final ParseCustomTool parser = new ParseCustomTool();

    @Test
    void shouldDescribeTheIntactTool() {
        CustomTool tool = parser.parse(TOOL);

        assertThat(tool.name()).isEqualTo("tool");
        assertThat(tool.description()).isEqualTo("Does things.\n\nReturns: dict[str, t.Any] -- a mapping");
    }

    @Test
    void shouldAnswerEveryTruncationWithAToolOrTheSpecsMessages() {
        for (int end = 0; end <= TOOL.length(); end++) {
            assertParsesOrFailsCleanly(TOOL.substring(0, end));
        }
    }

    @Test
    void shouldAnswerRandomCorruptionsWithAToolOrTheSpecsMessages() {
        Random random = new Random(42);
        String alphabet = "()[]{}:,.'\"\\\n\t #@=*/-|\u00e9\u2603\0\r";
        for (int i = 0; i < 3000; i++) {
            StringBuilder source = new StringBuilder(TOOL);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(source.length());
                if (random.nextBoolean()) {
                    source.deleteCharAt(at);
                } else {
                    source.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            assertParsesOrFailsCleanly(source.toString());
        }
    }

    @Test
    void shouldAnswerPathologicalSourcesCleanly() {
        for (String source : List.of("", "\n", "(" .repeat(100_000), "[".repeat(300) + "]".repeat(300),
                "def f(a: " + "list[".repeat(5000) + "int" + "]".repeat(5000) + "): pass",
                "def f(a: int = " + "-".repeat(100_000) + "1): pass", "\"\"\"", "def f(", "\ufeffdef f(): pass",
                "x = 1 +\\\n", "def f(a: int):\n\treturn a\n        pass\n", "\0", "def \u00e9(\u00e0: int): pass")) {
            assertParsesOrFailsCleanly(source);
        }
    }

    private void assertParsesOrFailsCleanly(String source) {
        assertThatCode(() -> {
            try {
                parser.parse(source);
            } catch (InvalidToolException e) {
                assertThat(e.messages()).isNotEmpty().allSatisfy(message -> assertThat(message).isNotBlank());
            }
        }).as("parsing %s", source.length() > 200 ? source.substring(0, 200) + "…" : source).doesNotThrowAnyException();
    }
}
