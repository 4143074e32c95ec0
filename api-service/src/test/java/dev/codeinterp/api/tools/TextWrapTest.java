package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TextWrapTest {

    private static final List<String> TEXTS = List.of(
            "",
            "def f():\n    pass\n",
            "    def f():\n        pass\n",
            "\n    import typing\n\n    def f(a: int):\n        return a\n                ",
            "  a\n    b\n \t\n  c",
            "\ta\n\t\tb\n",
            "\ta\n    b\n",
            "  x\n\t y\n",
            "    a\r\n    b\r\n",
            "   \n   \n",
            "  only\n", "no margin\n  indented\n");

    @Test
    void shouldDedentExactlyAsPython() throws Exception {
        JsonNode expected = PythonReference.run(
                "import json, sys, textwrap\nprint(json.dumps([textwrap.dedent(t) for t in json.load(sys.stdin)]))",
                TEXTS);

        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(TextWrap.dedent(TEXTS.get(i))).as("dedent(%s)", TEXTS.get(i).replace("\n", "\\n"))
                    .isEqualTo(expected.get(i).asString());
        }
    }
}
