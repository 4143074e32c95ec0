package dev.codeinterp.api.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Runs the generated program with the real Python, as the sandbox does ({@code python3 main.py}). */
class ToolProgramTest {

    /** The sandbox's interpreter; another one (e.g. to check Python 3.9 to 3.13) via -DtoolProgramTest.python=... */
    private static final Path PYTHON = Path.of(System.getProperty("toolProgramTest.python", "/usr/bin/python3"));

    /** Imports for the coercion cases, whose tool is {@code def f(x: <annotation>): return repr(x)}. */
    private static final String COERCION_IMPORTS = """
            import datetime
            import pathlib
            from http import HTTPStatus
            from typing import *
            """;

    /** Hostile texts for the string literals that carry the tool's source and input into the program. */
    private static final List<String> HOSTILE_TEXTS = List.of("", "plain text, 1+2=3; a:b", "\"", "\\", "\"\"\"",
            "'''", "\\\"", "\"); import os; os._exit(7) #", "line\nbreak\r\n\ttab", "nul \0 del \u007f esc \u001b",
            "{\"json\": [1, \"x\"]}", "caf\u00e9 \u2615 \u2028", "emoji \ud83d\ude00 \ud834\udd1e",
            "\\N{DIGIT ONE} \\x41 \\u0041 {0} %s");

    @TempDir
    Path workDir;

    // --- the program text -----------------------------------------------------------------------

    @Test
    void shouldWriteTextAsAnAsciiLiteralWithEscapesForEverythingThatCouldEndIt() {
        assertThat(ToolProgram.pythonLiteral("a \"b\" \\c\n\0 \u00e9\u2615\ud83d\ude00"))
                .isEqualTo("\"a \\x22b\\x22 \\x5cc\\x0a\\x00 \\xe9\\u2615\\U0001f600\"");
        for (String text : HOSTILE_TEXTS) {
            assertThat(ToolProgram.pythonLiteral(text))
                    .matches("\"(?:[ !#-\\[\\]-~]|\\\\x\\p{XDigit}{2}|\\\\u\\p{XDigit}{4}|\\\\U\\p{XDigit}{8})*\"");
        }
    }

    @Test
    void shouldWriteLiteralsThatPythonReadsBackAsTheSameText() throws Exception {
        String literals = HOSTILE_TEXTS.stream().map(ToolProgram::pythonLiteral).collect(Collectors.joining(", "));

        JsonNode read = PythonReference.run("import json, sys\nsys.stdin.read()\nprint(json.dumps([" + literals + "]))",
                List.of());

        assertThat(read.size()).isEqualTo(HOSTILE_TEXTS.size());
        for (int i = 0; i < HOSTILE_TEXTS.size(); i++) {
            assertThat(read.get(i).asString()).isEqualTo(HOSTILE_TEXTS.get(i));
        }
    }

    @Test
    void shouldWriteALoneSurrogateAsAQuestionMarkAsUtf8EncodingDoes() {
        assertThat(ToolProgram.pythonLiteral("a\ud800b\udc00")).isEqualTo("\"a?b?\"");
    }

    @Test
    void shouldCarryTheDedentedSourceAndTheInputAsLiteralsOnTheLastLine() {
        String program = ToolProgram.forTool("    def f(a: int):\n        return a\n", "{\"a\": 1}");

        assertThat(program).endsWith("\n\nexit_now(run_tool(\"def f(a: int):\\x0a    return a\\x0a\", "
                + "\"{\\x22a\\x22: 1}\"))\n");
    }

    @Test
    void shouldRunAToolWhoseSourceAndInputHoldEveryHostileText() {
        String texts = HOSTILE_TEXTS.stream().map(ToolProgramTest::asciiJsonString).collect(Collectors.joining(", "));
        String source = "def echo(texts: list[str]) -> list:\n    return [texts, " + HOSTILE_TEXTS.stream()
                .map(text -> "'" + text.codePoints().mapToObj(c -> String.format("\\U%08x", c))
                        .collect(Collectors.joining()) + "'").collect(Collectors.joining(", ")) + "]\n";

        Run run = run(source, "{\"texts\": [" + texts + "]}");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String expected = HOSTILE_TEXTS.stream().map(ToolProgramTest::asciiJsonString).collect(Collectors.joining(", "));
        assertThat(run.stdout()).isEqualTo("[[" + expected + "], " + expected + "]\n");
    }

    @Test
    void shouldPassALoneSurrogateToTheToolAsAQuestionMark() {
        Run run = run("def echo(text: str):\n    return [text, '\ud800']\n", "{\"text\": \"x\ud800\"}");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("[\"x?\", \"?\"]\n");
    }

    // --- results --------------------------------------------------------------------------------

    @Test
    void shouldPrintTheResultAsJson() {
        Run run = run("""
                def add(a: int, b: int) -> int:
                    return a + b
                """, "{\"a\": 1, \"b\": 2}");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("3\n");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldPrintAStringResultAsAJsonString() {
        Run run = run("""
                import datetime
                def date_tool(a: datetime.datetime) -> str:
                    \"""Docs\"""
                    return f"The year is {a.year}"
                """, "{\"a\": \"2000-01-01T00:00:00\"}");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("\"The year is 2000\"\n");
    }

    @Test
    void shouldEscapeNonAsciiInTheResultLikeJsonDumps() {
        Run run = run("""
                def f():
                    return "café ☕"
                """, "{}");

        assertThat(run.stdout()).isEqualTo("\"caf\\u00e9 \\u2615\"\n");
    }

    @Test
    void shouldSerialiseContainersWithJsonDumpsDefaults() {
        Run run = run("""
                def f():
                    return {"a": [1, 2.5, None, True], "b": (1, "x"), 3: {}}
                """, "{}");

        assertThat(run.stdout()).isEqualTo("{\"a\": [1, 2.5, null, true], \"b\": [1, \"x\"], \"3\": {}}\n");
    }

    @Test
    void shouldFailWhenTheResultIsNotJsonSerialisable() {
        Run run = run("""
                def f():
                    return {1, 2}
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr()).contains("cannot be serialised to JSON").contains("Object of type set is not JSON serializable");
    }

    @Test
    void shouldFailWhenTheResultIsADatetime() {
        Run run = run("""
                import datetime
                def f():
                    return datetime.datetime(2000, 1, 1)
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr()).contains("Object of type datetime is not JSON serializable");
    }

    @Test
    void shouldRunAnAsyncTool() {
        Run run = run("""
                import asyncio
                async def f(n: int):
                    await asyncio.sleep(0)
                    return n * 2
                """, "{\"n\": 21}");

        assertThat(run.stdout()).isEqualTo("42\n");
    }

    @Test
    void shouldDedentAnIndentedSource() {
        Run run = run("""
                    import math
                    def f():
                        return math.floor(2.5)
                """, "{}");

        assertThat(run.stdout()).isEqualTo("2\n");
    }

    // --- what the tool sees and prints ------------------------------------------------------------

    @Test
    void shouldDiscardEverythingTheToolPrintsToStdout() {
        Run run = run("""
                import os, subprocess, sys
                def f():
                    print("from print")
                    sys.stdout.write("from sys.stdout\\n")
                    sys.__stdout__.write("from sys.__stdout__\\n")
                    os.write(1, b"from fd 1\\n")
                    os.system("echo hi")
                    subprocess.run(["echo", "from a subprocess"])
                    return "result"
                """, "{}");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("\"result\"\n");
    }

    @Test
    void shouldLeaveWhatTheToolPrintsToStderr() {
        Run run = run("""
                import sys
                def f():
                    print("a warning", file=sys.stderr)
                    return 1
                """, "{}");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("1\n");
        assertThat(run.stderr()).isEqualTo("a warning\n");
    }

    @Test
    void shouldDiscardWhatTheToolsImportsPrint() {
        Run run = run("""
                import this
                def f():
                    return 0
                """, "{}");

        assertThat(run.stdout()).isEqualTo("0\n");
    }

    @Test
    void shouldSeeTheRequestEnvironment() {
        Run run = run("""
                import os
                def f():
                    return os.environ["GREETING"]
                """, "{}", Map.of("GREETING", "hello"));

        assertThat(run.stdout()).isEqualTo("\"hello\"\n");
    }

    @Test
    void shouldExecuteTheToolInItsOwnNamespace() {
        Run run = run("""
                import json
                def f():
                    return sorted(name for name in globals() if not name.startswith("__"))
                """, "{}");

        assertThat(run.stdout()).isEqualTo("[\"f\", \"json\"]\n");
    }

    // --- failures of the tool --------------------------------------------------------------------

    @Test
    void shouldReportTheTracebackWhenTheToolRaises() {
        Run run = run("""
                def divide(a: int, b: int):
                    return a / b
                """, "{\"a\": 1, \"b\": 0}");

        assertFailed(run);
        assertThat(run.stderr())
                .startsWith("Traceback (most recent call last):\n")
                .contains("File \"<string>\", line 2, in divide\n    return a / b\n")
                .endsWith("ZeroDivisionError: division by zero\n");
    }

    @Test
    void shouldLeaveTheRunnersFramesOutOfTheTraceback() {
        Run run = run("""
                def f():
                    def helper():
                        raise ValueError("deep")
                    return helper()
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr())
                .contains("line 4, in f", "line 3, in helper", "ValueError: deep")
                .doesNotContain("main.py", "run_tool", "call_tool");
    }

    @Test
    void shouldReportAFailingImport() {
        Run run = run("""
                import no_such_module_here
                def f():
                    return 1
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr())
                .contains("File \"<string>\", line 1, in <module>\n    import no_such_module_here\n")
                .contains("ModuleNotFoundError: No module named 'no_such_module_here'");
    }

    @Test
    void shouldAnswerAtOnceWhenTheToolLeavesAThreadRunning() {
        long started = System.nanoTime();
        Run run = run("""
                import threading, time
                def f() -> int:
                    threading.Thread(target=time.sleep, args=(60,)).start()
                    return 1
                """, "{}");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("1\n");
        assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void shouldFailWhenTheToolCallsSysExit() {
        Run run = run("""
                import sys
                def f():
                    sys.exit(0)
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr()).contains("SystemExit (exit code 0) instead of returning a value");
    }

    @Test
    void shouldFailWhenTheToolRaisesKeyboardInterrupt() {
        Run run = run("""
                def f():
                    raise KeyboardInterrupt
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr()).contains("File \"<string>\", line 2, in f").endsWith("KeyboardInterrupt\n");
    }

    // --- what the runner loads ------------------------------------------------------------------

    @Test
    void shouldNotImportWhatTheToolDoesNotNeed() {
        // -S: without site, which may import some of these itself
        Run run = run(List.of("-S"), """
                import sys
                def f(a: int, b: list[int], c: dict[str, float] = None):
                    heavy = ("ast", "base64", "datetime", "inspect", "linecache", "pathlib", "textwrap", "traceback",
                             "typing")
                    return [a, b, c, [name for name in heavy if name in sys.modules]]
                """, "{\"a\": \"1\", \"b\": [2, \"3\"], \"c\": {\"x\": \"1.5\"}}", Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("[1, [2, 3], {\"x\": 1.5}, []]\n");
    }

    @Test
    void shouldCoerceToAUnionWrittenWithTheBarOperatorWithoutTyping() {
        Run run = run(List.of("-S"), """
                def f(x: int | str | None, y: list[int] | None = None):
                    return [x, y]
                """, "{\"x\": 4.0, \"y\": [\"5\"]}", Map.of());
        assumeFalse(run.stderr().contains("unsupported operand type(s) for |"), "X | Y needs Python 3.10");

        assertThat(run.stdout()).isEqualTo("[4, [5]]\n");
    }

    @Test
    void shouldCoerceDatesAndPathsImportedByName() {
        Run run = run(List.of("-S"), """
                from datetime import date
                from pathlib import PurePosixPath
                def f(d: date, p: PurePosixPath, when: "date" = None):
                    return repr([d, p, when])
                """, "{\"d\": \"2000-01-02\", \"p\": \"a/b\", \"when\": 86400}", Map.of());

        assertThat(run.stdout())
                .isEqualTo("\"[datetime.date(2000, 1, 2), PurePosixPath('a/b'), datetime.date(1970, 1, 2)]\"\n");
    }

    @Test
    void shouldTakeTheLastFunctionTheSourceDefines() {
        Run run = run("""
                class Helper:
                    def method(self):
                        return "method"
                def helper():
                    return "helper"
                def tool(a: int, f=lambda: "lambda", *, squares=[i * i for i in range(3)]):
                    return [a, helper(), Helper().method(), f(), squares]
                """, "{\"a\": \"1\"}");

        assertThat(run.stdout()).isEqualTo("[1, \"helper\", \"method\", \"lambda\", [0, 1, 4]]\n");
    }

    @Test
    void shouldBindADecoratedToolByTheSignatureItWraps() {
        Run run = run("""
                import functools
                def logged(function):
                    @functools.wraps(function)
                    def wrapper(*args, **kwargs):
                        return ["logged", function(*args, **kwargs)]
                    return wrapper
                @logged
                def f(a: int, b: float = 0.5):
                    return a + b
                """, "{\"a\": \"2\"}");

        assertThat(run.stdout()).isEqualTo("[\"logged\", 2.5]\n");
    }

    @Test
    void shouldRunAnAsyncToolBehindADecorator() {
        Run run = run("""
                import functools
                def logged(function):
                    @functools.wraps(function)
                    async def wrapper(**kwargs):
                        return ["logged", await function(**kwargs)]
                    return wrapper
                @logged
                async def f(n: int):
                    return n * 2
                """, "{\"n\": \"21\"}");

        assertThat(run.stdout()).isEqualTo("[\"logged\", 42]\n");
    }

    @Test
    void shouldRunAGenericTool() {
        Run run = run("""
                def f[T](x: T, n: int) -> list:
                    return [x, n]
                """, "{\"x\": [1], \"n\": \"2\"}");
        assumeFalse(run.stderr().contains("SyntaxError"), "def f[T] needs Python 3.12");

        assertThat(run.stdout()).isEqualTo("[[1], 2]\n");
    }

    @Test
    void shouldShowTheToolsLinesInTracebacksItPrintsItself() {
        Run run = run("""
                import traceback
                def f():
                    try:
                        raise ValueError("caught")
                    except ValueError:
                        traceback.print_exc()
                    raise KeyError("uncaught")
                """, "{}");

        assertFailed(run);
        assertThat(run.stderr()).contains("    raise ValueError(\"caught\")\n", "    raise KeyError(\"uncaught\")\n");
    }

    // --- binding the input ----------------------------------------------------------------------

    @Test
    void shouldNameEveryBadFieldInOneMessage() {
        Run run = run("""
                def add(a: int, b: int):
                    return a + b
                """, "{\"a\": 1, \"b\": \"x\", \"c\": 3}");

        assertFailed(run);
        assertThat(run.stderr()).isEqualTo("""
                2 validation errors for add
                b
                  Input should be a valid integer, unable to parse string as an integer \
                [type=int_parsing, input_value='x', input_type=str]
                c
                  Extra inputs are not permitted [type=extra_forbidden, input_value=3, input_type=int]
                """);
    }

    @Test
    void shouldRejectAMissingField() {
        Run run = run("""
                def add(a: int, b: int):
                    return a + b
                """, "{\"a\": 1}");

        assertFailed(run);
        assertThat(run.stderr()).startsWith("1 validation error for add\nb\n  Field required [type=missing");
    }

    @Test
    void shouldUseDefaultsForMissingFields() {
        Run run = run("""
                def f(a: int, b: int = 10, c: list = None):
                    return [a, b, c]
                """, "{\"a\": 1}");

        assertThat(run.stdout()).isEqualTo("[1, 10, null]\n");
    }

    @Test
    void shouldPassKeywordOnlyParameters() {
        Run run = run("""
                def f(a: int, *, b: int, c: str = "z"):
                    return [a, b, c]
                """, "{\"b\": \"2\", \"a\": 1}");

        assertThat(run.stdout()).isEqualTo("[1, 2, \"z\"]\n");
    }

    @Test
    void shouldPassPositionalOnlyParameters() {
        Run run = run("""
                def f(a: int, /, b: int = 5):
                    return [a, b]
                """, "{\"a\": 1}");

        assertThat(run.stdout()).isEqualTo("[1, 5]\n");
    }

    @Test
    void shouldCoerceExtraInputsToTheTypeOfKwargs() {
        Run run = run("""
                def f(a: int, **rest: float):
                    return [a, rest]
                """, "{\"a\": 1, \"b\": \"2.5\"}");

        assertThat(run.stdout()).isEqualTo("[1, {\"b\": 2.5}]\n");
    }

    @Test
    void shouldEvaluateStringAnnotationsInTheToolsNamespace() {
        Run run = run("""
                from __future__ import annotations
                from typing import Optional
                import datetime
                def f(a: Optional[datetime.date], b: list[int]):
                    return [a.isoformat(), b]
                """, "{\"a\": \"2000-01-02\", \"b\": [\"1\"]}");

        assertThat(run.stdout()).isEqualTo("[\"2000-01-02\", [1]]\n");
    }

    @Test
    void shouldReportAnAnnotationThatCannotBeEvaluated() {
        Run run = run("""
                def f(a: "Undefined"):
                    return a
                """, "{\"a\": 1}");

        assertFailed(run);
        assertThat(run.stderr())
                .isEqualTo("Cannot evaluate the tool's annotation 'Undefined': NameError: name 'Undefined' is not defined\n");
    }

    @Test
    void shouldRejectInputThatIsNotAJsonObject() {
        Run run = run("""
                def f(a: int):
                    return a
                """, "[1, 2]");

        assertFailed(run);
        assertThat(run.stderr()).isEqualTo("""
                1 validation error for f
                  Input should be a JSON object mapping parameter names to values \
                [type=dict_type, input_value=[1, 2], input_type=list]
                """);
    }

    @Test
    void shouldRejectInvalidJson() {
        Run run = run("""
                def f(a: int):
                    return a
                """, "{\"a\": ");

        assertFailed(run);
        assertThat(run.stderr()).startsWith("1 validation error for f\n  Invalid JSON: Expecting value");
    }

    @Test
    void shouldPassHostileTextThroughUnchanged() {
        String source = """
                def echo(text: str) -> list:
                    \"""Quotes: ''' and \\"\\"\\" and ") and \\\\ and \\n.\"""
                    marker = '\""); import os; os._exit(7) #'
                    return [text, marker, ''' ''\\' ''']
                """;
        String text = "\"quoted\" \\back\\slash\\ ''' \"\"\" )\nnew line\ttab é ☕ 𝄞";
        Run run = run(source, "{\"text\": " + jsonString(text) + "}");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("[" + "\"\\\"quoted\\\" \\\\back\\\\slash\\\\ ''' \\\"\\\"\\\" )\\nnew line\\ttab"
                + " \\u00e9 \\u2615 \\ud834\\udd1e\", \"\\\"\\\"); import os; os._exit(7) #\", \" ''' \"]\n");
    }

    // --- coercion -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} <- {1} = {2}")
    @MethodSource("coercions")
    void shouldCoerceTheInputToTheAnnotatedType(String annotation, String inputJson, String expectedRepr) {
        Run run = runCoercion(annotation, inputJson);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("\"" + expectedRepr + "\"\n");
    }

    static Stream<Arguments> coercions() {
        return Stream.of(
                Arguments.of("int", "3", "3"),
                Arguments.of("int", "3.0", "3"),
                Arguments.of("int", "\" -7 \"", "-7"),
                Arguments.of("float", "2", "2.0"),
                Arguments.of("float", "\"1.5e1\"", "15.0"),
                Arguments.of("bool", "false", "False"),
                Arguments.of("bool", "1", "True"),
                Arguments.of("bool", "\"Yes\"", "True"),
                Arguments.of("bool", "\"0\"", "False"),
                Arguments.of("str", "\"a\"", "'a'"),
                Arguments.of("None", "null", "None"),
                Arguments.of("list[int]", "[1, \"2\", 3.0]", "[1, 2, 3]"),
                Arguments.of("List[str]", "[]", "[]"),
                Arguments.of("Sequence[float]", "[1]", "[1.0]"),
                Arguments.of("list", "[\"a\", 1, null]", "['a', 1, None]"),
                Arguments.of("tuple[int, ...]", "[1, \"2\"]", "(1, 2)"),
                Arguments.of("tuple[int, str]", "[\"1\", \"a\"]", "(1, 'a')"),
                Arguments.of("Tuple[bool]", "[\"no\"]", "(False,)"),
                Arguments.of("tuple", "[1, \"a\"]", "(1, 'a')"),
                Arguments.of("set[int]", "[2, \"2\", 1]", "{1, 2}"),
                Arguments.of("frozenset[str]", "[\"a\", \"a\"]", "frozenset({'a'})"),
                Arguments.of("dict[str, int]", "{\"a\": \"1\"}", "{'a': 1}"),
                Arguments.of("dict[int, str]", "{\"1\": \"a\"}", "{1: 'a'}"),
                Arguments.of("Mapping[str, float]", "{\"a\": 1}", "{'a': 1.0}"),
                Arguments.of("dict", "{\"a\": [1]}", "{'a': [1]}"),
                Arguments.of("list[tuple[int, str]]", "[[1, \"x\"], [\"2\", \"y\"]]", "[(1, 'x'), (2, 'y')]"),
                Arguments.of("dict[str, Optional[float]]", "{\"a\": null, \"b\": \"1.5\", \"c\": 2}",
                        "{'a': None, 'b': 1.5, 'c': 2.0}"),
                Arguments.of("Optional[int]", "null", "None"),
                Arguments.of("Optional[int]", "\"5\"", "5"),
                Arguments.of("Union[int, str]", "\"3\"", "'3'"),
                Arguments.of("Union[str, int]", "3", "3"),
                Arguments.of("Union[int, str]", "3.0", "3"),
                Arguments.of("Union[float, int]", "3", "3"),
                Arguments.of("Union[int, float]", "3.5", "3.5"),
                Arguments.of("Union[list[int], set[int]]", "[1, 1]", "[1, 1]"),
                Arguments.of("Union[set[int], list[int]]", "[1, 1]", "[1, 1]"),
                Arguments.of("Union[datetime.date, str]", "\"2000-01-01\"", "'2000-01-01'"),
                Arguments.of("Union[int, datetime.date]", "\"2000-01-01\"", "datetime.date(2000, 1, 1)"),
                Arguments.of("Literal['a', 'b']", "\"b\"", "'b'"),
                Arguments.of("Literal[1, True]", "true", "True"),
                Arguments.of("Literal[True, 1]", "1", "1"),
                Arguments.of("Any", "{\"k\": [1, null]}", "{'k': [1, None]}"),
                Arguments.of("Annotated[int, 'meta']", "\"3\"", "3"),
                Arguments.of("HTTPStatus", "404", "<HTTPStatus.NOT_FOUND: 404>"),
                Arguments.of("Literal[HTTPStatus.OK]", "200", "<HTTPStatus.OK: 200>"),
                Arguments.of("list['int']", "[\"1\"]", "[1]"),
                Arguments.of("NewType('UserId', int)", "\"7\"", "7"),
                Arguments.of("datetime.datetime", "\"2000-01-01T00:00:00\"", "datetime.datetime(2000, 1, 1, 0, 0)"),
                Arguments.of("datetime.datetime", "\"2000-01-02 03:04:05.5Z\"",
                        "datetime.datetime(2000, 1, 2, 3, 4, 5, 500000, tzinfo=datetime.timezone.utc)"),
                Arguments.of("datetime.datetime", "\"2000-01-02T03:04+02:00\"",
                        "datetime.datetime(2000, 1, 2, 3, 4, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200)))"),
                Arguments.of("datetime.datetime", "\"2000-01-02T03:04:05-0130\"",
                        "datetime.datetime(2000, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=81000)))"),
                Arguments.of("datetime.datetime", "\"2000-01-02\"", "datetime.datetime(2000, 1, 2, 0, 0)"),
                Arguments.of("datetime.datetime", "86400.5",
                        "datetime.datetime(1970, 1, 2, 0, 0, 0, 500000, tzinfo=datetime.timezone.utc)"),
                Arguments.of("datetime.datetime", "31536000000",
                        "datetime.datetime(1971, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)"),
                Arguments.of("datetime.date", "\"2000-02-29\"", "datetime.date(2000, 2, 29)"),
                Arguments.of("datetime.date", "\"2000-02-29T00:00:00\"", "datetime.date(2000, 2, 29)"),
                Arguments.of("datetime.time", "\"13:45\"", "datetime.time(13, 45)"),
                Arguments.of("datetime.time", "\"13:45:30.25Z\"",
                        "datetime.time(13, 45, 30, 250000, tzinfo=datetime.timezone.utc)"),
                Arguments.of("datetime.timedelta", "\"P1DT2H\"", "datetime.timedelta(days=1, seconds=7200)"),
                Arguments.of("datetime.timedelta", "\"-PT0.5S\"", "datetime.timedelta(days=-1, seconds=86399, microseconds=500000)"),
                Arguments.of("datetime.timedelta", "\"P1W\"", "datetime.timedelta(days=7)"),
                Arguments.of("datetime.timedelta", "\"1 day, 2:30:00\"", "datetime.timedelta(days=1, seconds=9000)"),
                Arguments.of("datetime.timedelta", "90", "datetime.timedelta(seconds=90)"),
                Arguments.of("pathlib.Path", "\"data/a.csv\"", "PosixPath('data/a.csv')"),
                Arguments.of("pathlib.PurePath", "\"/tmp\"", "PurePosixPath('/tmp')"));
    }

    @Test
    void shouldCoerceToAUnionWrittenWithTheBarOperator() {
        Run run = runCoercion("int | str | None", "4.0");
        assumeFalse(run.stderr().contains("unsupported operand type(s) for |"), "X | Y needs Python 3.10");

        assertThat(run.stdout()).isEqualTo("\"4\"\n");
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("rejections")
    void shouldRejectInputThatDoesNotFitTheAnnotatedType(String annotation, String inputJson, String expectedError) {
        Run run = runCoercion(annotation, inputJson);

        assertFailed(run);
        assertThat(run.stderr()).startsWith("1 validation error for f\nx").contains(expectedError);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("int", "\"x\"", "x\n  Input should be a valid integer, unable to parse string as an integer"),
                Arguments.of("int", "true", "x\n  Input should be a valid integer [type=int_type, input_value=True"),
                Arguments.of("int", "3.5", "x\n  Input should be a valid integer, got a number with a fractional part"),
                Arguments.of("float", "\"abc\"", "Input should be a valid number, unable to parse string as a number"),
                Arguments.of("float", "false", "Input should be a valid number"),
                Arguments.of("bool", "2", "Input should be a valid boolean"),
                Arguments.of("bool", "\"maybe\"", "Input should be a valid boolean, unable to interpret input"),
                Arguments.of("str", "5", "Input should be a valid string [type=string_type, input_value=5, input_type=int]"),
                Arguments.of("None", "0", "Input should be None"),
                Arguments.of("list[int]", "\"1\"", "Input should be a valid list"),
                Arguments.of("list[int]", "[1, \"x\"]", "x.1\n  Input should be a valid integer, unable to parse"),
                Arguments.of("tuple[int, str]", "[1]", "x.1\n  Field required"),
                Arguments.of("tuple[int, str]", "[1, \"a\", 2]", "Tuple should have at most 2 items after validation, not 3"),
                Arguments.of("set[int]", "[\"a\"]", "x.0\n  Input should be a valid integer"),
                Arguments.of("dict[int, str]", "{\"a\": \"b\"}", "x.a.[key]\n  Input should be a valid integer"),
                Arguments.of("dict[str, int]", "[]", "Input should be a valid dictionary"),
                Arguments.of("Optional[int]", "\"x\"", "x\n  Input should be a valid integer"),
                Arguments.of("Literal['a', 'b']", "\"c\"", "Input should be 'a' or 'b'"),
                Arguments.of("Literal[1]", "true", "Input should be 1"),
                Arguments.of("datetime.datetime", "\"yesterday\"", "Input should be a valid datetime"),
                Arguments.of("datetime.datetime", "\"2000-13-01T00:00:00\"", "month must be in 1..12"),
                Arguments.of("datetime.date", "\"2000-02-30\"", "Input should be a valid date"),
                Arguments.of("datetime.date", "\"2000-01-01T10:00:00\"", "should have zero time"),
                Arguments.of("datetime.time", "\"25:00\"", "Input should be a valid time"),
                Arguments.of("datetime.timedelta", "\"PT\"", "Input should be a valid timedelta"),
                Arguments.of("pathlib.Path", "3", "Input is not a valid path"));
    }

    @Test
    void shouldReportEveryFailedMemberOfAUnion() {
        Run run = runCoercion("Union[int, bool]", "\"x\"");

        assertThat(run.stderr()).isEqualTo("""
                2 validation errors for f
                x.int
                  Input should be a valid integer, unable to parse string as an integer \
                [type=int_parsing, input_value='x', input_type=str]
                x.bool
                  Input should be a valid boolean, unable to interpret input \
                [type=bool_parsing, input_value='x', input_type=str]
                """);
    }

    // --- helpers --------------------------------------------------------------------------------

    private Run runCoercion(String annotation, String inputJson) {
        return run(COERCION_IMPORTS + "def f(x: " + annotation + "):\n    return repr(x)\n", "{\"x\": " + inputJson + "}");
    }

    private static void assertFailed(Run run) {
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
    }

    private Run run(String source, String inputJson) {
        return run(source, inputJson, Map.of());
    }

    private Run run(String source, String inputJson, Map<String, String> env) {
        return run(List.of(), source, inputJson, env);
    }

    private Run run(List<String> pythonOptions, String source, String inputJson, Map<String, String> env) {
        assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        try {
            Path program = Files.writeString(workDir.resolve("main.py"), ToolProgram.forTool(source, inputJson));
            Path stdout = workDir.resolve("stdout");
            Path stderr = workDir.resolve("stderr");
            List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
            command.addAll(pythonOptions);
            command.add(program.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the tool program did not finish in 30 s");
            }
            return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\t' -> json.append("\\t");
                default -> json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }

    /** The JSON string json.dumps writes: ASCII only, escapes in lower-case hex. */
    private static String asciiJsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
        }
        return json.append('"').toString();
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }
}
