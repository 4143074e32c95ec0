package dev.codeinterp.python.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeinterp.python.syntax.Statement.Alias;
import dev.codeinterp.python.syntax.Statement.FunctionDef;
import dev.codeinterp.python.syntax.Statement.ImportFrom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonParserTest {

    private static FunctionDef function(String source) throws PythonSyntaxError {
        return (FunctionDef) PythonParser.parse(source).body().get(0);
    }

    private static String docstring(String source) throws PythonSyntaxError {
        return function(source).docstring();
    }

    @Test
    void shouldAcceptEveryLineEndingAndAMissingFinalNewline() throws PythonSyntaxError {
        for (String source : List.of("def f(a):\r\n    return a\r\n", "def f(a):\r    return a\r",
                "def f(a):\n    return a", "\uFEFFdef f(a):\n    return a\n")) {
            assertThat(function(source).name()).isEqualTo("f");
        }
    }

    @Test
    void shouldTreatAFormFeedAtLineStartAsResettingTheIndentation() throws PythonSyntaxError {
        assertThat(PythonParser.parse("\fx = 1\n\fdef f():\n\f    return 1\n").body()).hasSize(2);
    }

    @Test
    void shouldAcceptTabIndentationAndJoinedLines() throws PythonSyntaxError {
        FunctionDef f = function("def f(a,\n      b: \\\n int = 1):\n\tif a:\n\t\treturn b\n\treturn a\n");
        assertThat(f.parameters().positional()).extracting(Statement.Parameter::name).containsExactly("a", "b");
    }

    @Test
    void shouldNormaliseUnicodeIdentifiersLikeCPython() throws PythonSyntaxError {
        assertThat(function("def ﬁnd(x): pass").name()).isEqualTo("find");
    }

    @Test
    void shouldGroupParametersAsAstArguments() throws PythonSyntaxError {
        Statement.Parameters p = function("def f(a, b=1, /, c: int = 2, *args: str, d, e=3, **kw: object): pass")
                .parameters();
        assertThat(p.positionalOnly()).containsExactly(new Statement.Parameter("a", null, false),
                new Statement.Parameter("b", null, true));
        assertThat(p.positional()).containsExactly(new Statement.Parameter("c", new Expression.Name("int"), true));
        assertThat(p.varArgs()).isEqualTo(new Statement.Parameter("args", new Expression.Name("str"), false));
        assertThat(p.keywordOnly()).extracting(Statement.Parameter::hasDefault).containsExactly(false, true);
        assertThat(p.varKeywords().name()).isEqualTo("kw");
    }

    @Test
    void shouldParseDecoratorsReturnsAndGenericFunctions() throws PythonSyntaxError {
        FunctionDef f = function("@tool(name='x')\n@staticmethod\ndef first[T](xs: list[T]) -> T | None:\n  pass\n");
        assertThat(f.decorators()).extracting(Unparser::unparse).containsExactly("tool(name='x')", "staticmethod");
        assertThat(Unparser.unparse(f.returns())).isEqualTo("T | None");
        assertThat(f.line()).isEqualTo(3);
    }

    @Test
    void shouldReportStatementKinds() throws PythonSyntaxError {
        List<Statement> body = PythonParser.parse("""
                x = 1
                class A: pass
                async def g(): pass
                type Alias = int
                match x:
                    case 1: pass
                print(x)
                """).body();
        assertThat(body).extracting(s -> s instanceof Statement.Other o ? o.kind() : s.getClass().getSimpleName())
                .containsExactly("assignment", "class", "async def", "type", "match", "expression");
    }

    @Test
    void shouldReadImportsWithAliasesLevelsAndStars() throws PythonSyntaxError {
        List<Statement> body = PythonParser.parse(
                "import a.b as c, d\nfrom ...pkg import (x as y,\n z,)\nfrom . import *\n").body();
        assertThat(((Statement.Import) body.get(0)).names()).containsExactly(new Alias("a.b", "c"),
                new Alias("d", null));
        assertThat(body.get(1)).isEqualTo(new ImportFrom("pkg", List.of(new Alias("x", "y"), new Alias("z", null)),
                3, 2));
        assertThat(body.get(2)).isEqualTo(new ImportFrom(null, List.of(new Alias("*", null)), 1, 4));
    }

    @Test
    void shouldEvaluateEveryEscapeOfADocstring() throws PythonSyntaxError {
        assertThat(docstring("def f():\n    '\\n\\t\\\\\\'\\\"\\a\\b\\f\\v\\101\\x41\\u00e9\\U0001F600"
                + "\\N{BULLET}\\q\\\nend'\n")).isEqualTo("\n\t\\'\"\u0007\b\f\u000bAA\u00e9\uD83D\uDE00\u2022\\qend");
        assertThat(docstring("def f():\n    r'\\n' R\"\\t\"\n")).isEqualTo("\\n\\t");
        assertThat(docstring("def f():\n    '''a\n    b''' 'c' u\"d\"\n")).isEqualTo("a\n    bcd");
        assertThat(docstring("def f(): \"one-liner\"; return 1")).isEqualTo("one-liner");
    }

    @Test
    void shouldNotTakeBytesOrFStringsOrLaterStringsAsDocstrings() throws PythonSyntaxError {
        assertThat(docstring("def f():\n    b'x'\n")).isNull();
        assertThat(docstring("def f():\n    f'x'\n")).isNull();
        assertThat(docstring("def f():\n    'a' f'{x}'\n")).isNull();
        assertThat(docstring("def f():\n    x = 1\n    'late'\n")).isNull();
        assertThat(docstring("def f():\n    'a',\n")).isNull();
    }

    @Test
    void shouldSkipAnyBodyStatement() throws PythonSyntaxError {
        FunctionDef f = function("""
                def f(x):
                    '''Doc.'''
                    global g
                    try:
                        pass
                    except* ValueError:
                        pass
                    async def inner():
                        async for a in b:
                            async with c as d:
                                await d
                    match x:
                        case [1, *rest] if rest:
                            pass
                        case {"k": v, **kw} | Point(x=0) as p:
                            pass
                    type T = list[int]
                    return (yield)
                """);
        assertThat(f.docstring()).isEqualTo("Doc.");
    }

    @Test
    void shouldNotReportWhatOnlyTheCompilerRejects() throws PythonSyntaxError {
        assertThat(PythonParser.parse("def f(a, a): pass\nreturn 1\nawait x\n").body()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            def f(x)\\n  pass                     | expected ':'                                                              | 1
            def f x:\\n  pass                     | expected '('                                                              | 1
            if x\\n pass                          | expected ':'                                                              | 1
            if x y:\\n pass                       | invalid syntax                                                            | 1
            f(a b                                 | '(' was never closed                                                      | 1
            (\\n[\\n                              | '[' was never closed                                                      | 2
            x = (\\ndef f(x)\\n  pass\\n          | '(' was never closed                                                      | 1
            x = )                                 | unmatched ')'                                                             | 1
            x = (1, 2]                            | closing parenthesis ']' does not match opening parenthesis '('            | 1
            x = (1,\\n 2]\\n                      | closing parenthesis ']' does not match opening parenthesis '(' on line 1  | 2
            x = 'abc\\n                           | unterminated string literal (detected at line 1)                          | 1
            x = 'a\\\\\\nb                        | unterminated string literal (detected at line 2)                          | 1
            x = '''abc\\n\\n                      | unterminated triple-quoted string literal (detected at line 2)            | 1
            '''abc                                | unterminated triple-quoted string literal (detected at line 1)            | 1
            `  x = 1`                             | unexpected indent                                                         | 1
            def f():\\npass                       | expected an indented block after function definition on line 1           | 2
            def f():                              | expected an indented block after function definition on line 1           | 1
            if x:\\npass                          | expected an indented block after 'if' statement on line 1                | 2
            class A:\\nx                          | expected an indented block after class definition on line 1              | 2
            try:\\n  pass\\nfinally:\\nx          | expected an indented block after 'finally' statement on line 3           | 4
            match x:\\n case 1:\\n pass           | expected an indented block after 'case' statement on line 2              | 3
            def f():\\n    x\\n  y\\n             | unindent does not match any outer indentation level                      | 3
            if x:\\n        a\\n\\tb\\n           | inconsistent use of tabs and spaces in indentation                       | 3
            x = \\\\                              | unexpected EOF while parsing                                              | 1
            x = '€'\\ny€ = 1                      | invalid character '€' (U+20AC)                                            | 2
            1abc                                  | invalid decimal literal                                                   | 1
            1__0                                  | invalid decimal literal                                                   | 1
            0x                                    | invalid hexadecimal literal                                               | 1
            0o8                                   | invalid digit '8' in octal literal                                        | 1
            012                                   | leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers | 1
            def f(a=1, b): pass                   | parameter without a default follows parameter with a default              | 1
            lambda a=1, b: 0                      | parameter without a default follows parameter with a default              | 1
            def f(*): pass                        | named arguments must follow bare *                                        | 1
            def f(**k, a): pass                   | arguments cannot follow var-keyword argument                              | 1
            def f(a, /, b, /): pass               | / may appear only once                                                    | 1
            def f(*a, *b): pass                   | * argument may appear only once                                           | 1
            f(a=1, b)                             | positional argument follows keyword argument                              | 1
            f(**k, *a)                            | iterable argument unpacking follows keyword argument unpacking            | 1
            f(x for x in y, 1)                    | Generator expression must be parenthesized                                | 1
            f() = 1                               | cannot assign to function call here. Maybe you meant '==' instead of '='? | 1
            1 = x                                 | cannot assign to literal here. Maybe you meant '==' instead of '='?       | 1
            None = 1                              | cannot assign to None                                                     | 1
            (a, f()) = 1                          | cannot assign to function call                                            | 1
            a < b = 1                             | cannot assign to comparison                                               | 1
            f() += 1                              | 'function call' is an illegal expression for augmented assignment         | 1
            del f()                               | cannot delete function call                                               | 1
            for f() in x: pass                    | cannot assign to function call                                            | 1
            (x.y := 1)                            | cannot use assignment expressions with attribute                          | 1
            x = [a b]                             | invalid syntax. Perhaps you forgot a comma?                               | 1
            x = b'a' 'b'                          | cannot mix bytes and nonbytes literals                                    | 1
            y = 1 if 2                            | expected 'else' after 'if' expression                                     | 1
            try:\\n  pass\\nx = 1                 | expected 'except' or 'finally' block                                      | 3
            from x import a,                      | trailing comma not allowed without surrounding parentheses                | 1
            x = f'{}'                             | f-string: valid expression required before '}'                            | 1
            x = f'}'                              | f-string: single '}' is not allowed                                       | 1
            x = f'{x'                             | f-string: expecting '}'                                                   | 1
            x = f'{x!z}'                          | f-string: invalid conversion character 'z': expected 's', 'r', or 'a'     | 1
            x = 1 2                               | invalid syntax                                                            | 1
            x = 1\\ndef f(x)\\n  pass\\nx = '     | unterminated string literal (detected at line 4)                          | 4
            """)
    void shouldReportCPython312SyntaxErrors(String source, String message, int line) {
        String python = source.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
        assertThatThrownBy(() -> PythonParser.parse(python)).isInstanceOfSatisfying(PythonSyntaxError.class,
                e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.line()).isEqualTo(line);
                });
    }

    @Test
    void shouldReportANulByteOnItsLine() {
        assertThatThrownBy(() -> PythonParser.parse("import typing\r\n\ndef f(a: int):\n    return '\0'\n"))
                .isInstanceOfSatisfying(PythonSyntaxError.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("source code string cannot contain null bytes");
                    assertThat(e.line()).isEqualTo(4);
                });
    }

    @Test
    void shouldBoundNestingInsteadOfOverflowingTheStack() {
        assertThatThrownBy(() -> PythonParser.parse("x = " + "(".repeat(300) + ")".repeat(300)))
                .isInstanceOf(PythonSyntaxError.class).hasMessage("too many nested parentheses");
        assertThatThrownBy(() -> PythonParser.parse("x = " + "-".repeat(100_000) + "1"))
                .isInstanceOf(PythonSyntaxError.class);
        assertThatThrownBy(() -> PythonParser.parse("x = " + "not ".repeat(100_000) + "1"))
                .isInstanceOf(PythonSyntaxError.class);
    }

    @Test
    void shouldOnlyEverThrowSyntaxErrorsForGarbage() {
        String[] fragments = {"def", "f", "(", ")", ":", "\n", "  ", "'", "\"\"\"", "f'{", "}", "[", "]", "=", "*",
                "**", "lambda", "x", ",", "\\", "#", "1e", "0x", "@", "->", "if", "else", "é", "€", "\t", "yield",
                "async", "match", "case", "type", ".", ";"};
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder source = new StringBuilder();
            int length = random.nextInt(25);
            for (int j = 0; j < length; j++) {
                source.append(fragments[random.nextInt(fragments.length)]);
            }
            try {
                PythonParser.parse(source.toString());
            } catch (PythonSyntaxError expected) {
                // fine: only syntax errors may escape
            }
        }
    }

    @Test
    void shouldParseAMegabyteSource() throws PythonSyntaxError {
        String tool = "def f(a: Annotated[int, Field(gt=0)] = 1, *, b: dict[str, list[int]] | None = None) -> str:\n"
                + "    \"\"\"Doc with \\n escapes.\"\"\"\n    return f'{a!r:>10} {b}'\n\n";
        String source = tool.repeat(1_000_000 / tool.length());
        assertThat(PythonParser.parse(source).body()).hasSizeGreaterThan(5000);
    }
}
