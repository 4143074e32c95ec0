package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SphinxDocstringTest {

    /** The reference implementation's docstring reading, run by the real Python on the same inputs. */
    private static final String REFERENCE = """
            import inspect, json, re, sys
            def parse(docstring):
                clean = inspect.cleandoc(docstring)
                chunks = [c.strip() for c in re.split(r"(^|\\n)\\s*:", clean, flags=re.MULTILINE)]
                params, ret = {}, ""
                for chunk in chunks[1:]:
                    if m := re.match(r"param ([a-z_]+): ((?:.|\\n)+)", chunk, flags=re.MULTILINE):
                        params[m.group(1)] = m.group(2)
                    elif m := re.match(r"return: ((?:.|\\n)+)", chunk, flags=re.MULTILINE):
                        ret = m.group(1)
                return {"clean": clean, "description": chunks[0], "returns": ret, "parameters": params}
            print(json.dumps([parse(d) for d in json.load(sys.stdin)]))
            """;

    private static final List<String> DOCSTRINGS = List.of(
            "",
            "One line.",
            "\n    Get the weather.\n\n    :param lat: A latitude.\n    :param lon: A longitude.\n    :return: A dict.\n    ",
            "Summary\n    :param a: something cool\n    (very cool indeed)\n    :param b: nice\n    :return: great\n"
                    + "    :param c: awful\n    ",
            ":param a: only fields",
            "Text\n:param Name: uppercase is ignored\n:param snake_case: kept\n:param x1: digits are not a name",
            "Text\n:returns: not the return field\n:return:  two spaces kept",
            "Text\n:param a:no space is not a field\n:param b: \n:return:",
            "Text\n  :param a: deeper indented\n      continuation\n  :raises ValueError: ignored",
            "\tTabbed\n\t:param a:\ttabbed text\n\t\tcontinued",
            "Text with a colon: inside a line\nand : spaced\n\n\n:param a: after blank lines",
            "  first line indented\n      second\n    third\n\n\n",
            "Text\n:param a: first\n:param a: second wins",
            "caf\u00e9 \u2603\n:param a: \u00fcber",
            "Line\r\n:param a: carriage\r\n",
            "A\n\u00a0:param a: after a no-break space",
            "Multi\nline\n  description\n:return: r\n  continued\n:param a: x");

    @Test
    void shouldReadDocstringsExactlyAsTheReferenceImplementation() throws Exception {
        JsonNode expected = PythonReference.run(REFERENCE, DOCSTRINGS);

        List<Map<String, Object>> actual = new ArrayList<>();
        List<Map<String, Object>> wanted = new ArrayList<>();
        for (int i = 0; i < DOCSTRINGS.size(); i++) {
            SphinxDocstring docstring = SphinxDocstring.parse(DOCSTRINGS.get(i));
            actual.add(Map.of("clean", SphinxDocstring.cleandoc(DOCSTRINGS.get(i)), "description",
                    docstring.description(), "returns", docstring.returns(), "parameters", docstring.parameters()));
            JsonNode reference = expected.get(i);
            Map<String, String> parameters = new LinkedHashMap<>();
            reference.get("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asString()));
            wanted.add(Map.of("clean", reference.get("clean").asString(), "description",
                    reference.get("description").asString(), "returns", reference.get("returns").asString(),
                    "parameters", parameters));
        }
        assertThat(actual).isEqualTo(wanted);
    }

    @Test
    void shouldTreatAMissingDocstringAsEmpty() {
        assertThat(SphinxDocstring.parse(null)).isEqualTo(new SphinxDocstring("", "", Map.of()));
    }

    @Test
    void shouldReadAHugeParameterDescriptionWithoutExhaustingTheStack() {
        String text = "x".repeat(200_000);

        assertThat(SphinxDocstring.parse(":param a: " + text).parameters()).containsEntry("a", text);
    }
}
