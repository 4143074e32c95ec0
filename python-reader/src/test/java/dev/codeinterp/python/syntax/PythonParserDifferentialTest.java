package dev.codeinterp.python.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeinterp.python.syntax.Statement.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Runs every source of {@code python-corpus/corpus.py.txt} through a real CPython ({@code ast.parse} and
 * {@code ast.unparse}, via {@code describe_modules.py}) and through {@link PythonParser} + {@link Unparser}, and
 * compares what both found. Cases whose title ends in {@code [message]} raise the same message on CPython 3.11 and
 * 3.12, so the message is compared too; for the other error cases only the line is.
 */
class PythonParserDifferentialTest {

    private static final Path INTERPRETER = Path.of(System.getProperty("python.interpreter", "/usr/bin/python3"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Case(String title, String source) {
    }

    @Test
    void shouldAgreeWithCPythonOnEverySourceOfTheCorpus() throws Exception {
        assumeTrue(Files.isExecutable(INTERPRETER), "no CPython at " + INTERPRETER);
        List<Case> cases = corpus();
        JsonNode expected = runCPython(cases);

        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < cases.size(); i++) {
            Case testCase = cases.get(i);
            JsonNode cpython = expected.get(i);
            JsonNode ours = describe(testCase.source());
            if (cpython.has("error")) {
                softly.assertThat(ours.path("line").asInt(-1)).as("%s: line of %s (ours: %s)", testCase.title(),
                        cpython, ours).isEqualTo(cpython.get("line").asInt());
                if (testCase.title().endsWith("[message]")) {
                    softly.assertThat(ours.path("error").asText()).as(testCase.title())
                            .isEqualTo(cpython.get("error").asText());
                }
            } else {
                softly.assertThat(ours).as(testCase.title()).isEqualTo(cpython);
            }
        }
        softly.assertAll();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
    }

    private static List<Case> corpus() throws IOException {
        String text;
        try (InputStream in = resource("corpus.py.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        String title = null;
        StringBuilder source = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#### ")) {
                if (title != null) {
                    cases.add(new Case(title, source.toString()));
                }
                title = line.substring(5);
                source.setLength(0);
            } else {
                source.append(line).append('\n');
            }
        }
        cases.add(new Case(title, source.toString().replaceAll("\n+$", "\n")));
        return cases;
    }

    private static InputStream resource(String name) {
        return PythonParserDifferentialTest.class.getResourceAsStream("/python-corpus/" + name);
    }

    private static JsonNode runCPython(List<Case> cases) throws Exception {
        Path script = Files.createTempFile("describe_modules", ".py");
        try {
            try (InputStream in = resource("describe_modules.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process process = new ProcessBuilder(INTERPRETER.toString(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(JSON.writeValueAsBytes(cases.stream().map(Case::source).toList()));
            }
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            return JSON.readTree(output);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The same description as {@code describe_modules.py} prints, from our parser. */
    static JsonNode describe(String source) {
        ObjectNode result = JSON.createObjectNode();
        PythonModule module;
        try {
            module = PythonParser.parse(source);
        } catch (PythonSyntaxError error) {
            return result.put("error", error.getMessage()).put("line", error.line());
        }
        ArrayNode body = result.putArray("body");
        for (Statement statement : module.body()) {
            body.add(describe(statement));
        }
        return result;
    }

    private static ObjectNode describe(Statement statement) {
        ObjectNode node = JSON.createObjectNode();
        if (statement instanceof Statement.Import importStatement) {
            node.put("kind", "import").put("line", statement.line());
            names(node, importStatement.names());
        } else if (statement instanceof Statement.ImportFrom from) {
            node.put("kind", "from").put("line", statement.line()).put("module", from.module())
                    .put("level", from.level());
            names(node, from.names());
        } else if (statement instanceof Statement.FunctionDef function) {
            node.put("kind", "def").put("line", statement.line()).put("name", function.name());
            ArrayNode parameters = node.putArray("parameters");
            Statement.Parameters p = function.parameters();
            p.positionalOnly().forEach(a -> parameter(parameters, "positional-only", a));
            p.positional().forEach(a -> parameter(parameters, "positional", a));
            if (p.varArgs() != null) {
                parameter(parameters, "var-positional", p.varArgs());
            }
            p.keywordOnly().forEach(a -> parameter(parameters, "keyword-only", a));
            if (p.varKeywords() != null) {
                parameter(parameters, "var-keyword", p.varKeywords());
            }
            node.put("returns", unparse(function.returns())).put("docstring", function.docstring());
            ArrayNode decorators = node.putArray("decorators");
            function.decorators().forEach(d -> decorators.add(Unparser.unparse(d)));
        } else {
            node.put("kind", ((Statement.Other) statement).kind()).put("line", statement.line());
        }
        return node;
    }

    private static void names(ObjectNode node, List<Statement.Alias> aliases) {
        ArrayNode names = node.putArray("names");
        aliases.forEach(a -> names.addArray().add(a.name()).add(a.asName()));
    }

    private static void parameter(ArrayNode parameters, String group, Parameter parameter) {
        parameters.addArray().add(group).add(parameter.name()).add(unparse(parameter.annotation()))
                .add(parameter.hasDefault());
    }

    private static String unparse(Expression expression) {
        return expression == null ? null : Unparser.unparse(expression);
    }
}
