package dev.codeinterp.python.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportScannerTest {

    private static Set<String> scan(String source) {
        return ImportScanner.topLevelModules(source);
    }

    @Test
    void shouldReturnTheFirstComponentOfEachImportedModule() {
        assertThat(scan("import a.b as c, d\n")).containsExactly("a", "d");
        assertThat(scan("import a.b.c\n")).containsExactly("a");
        assertThat(scan("import numpy as np, pandas as pd, os.path as p\n")).containsExactly("numpy", "pandas", "os");
    }

    @Test
    void shouldReturnTheFirstComponentOfAFromImportsModule() {
        assertThat(scan("from x.y import z\n")).containsExactly("x");
        assertThat(scan("from sklearn.linear_model import LinearRegression as LR, Ridge\n"))
                .containsExactly("sklearn");
        assertThat(scan("from x import *\n")).containsExactly("x");
    }

    @Test
    void shouldIgnoreRelativeImports() {
        assertThat(scan("from . import z\nfrom .m import z\nfrom ..m.n import z\nfrom ... import z\n")).isEmpty();
    }

    @Test
    void shouldIgnoreFutureImports() {
        assertThat(scan("from __future__ import annotations\nimport __future__\nimport x\n")).containsExactly("x");
    }

    @Test
    void shouldKeepTheOrderOfFirstImportWithoutDuplicates() {
        // given
        String source = "import b\nimport a\nfrom b.c import d\nimport a.e\nimport c\n";

        // when
        Set<String> modules = scan(source);

        // then
        assertThat(modules).containsExactly("b", "a", "c");
    }

    @Test
    void shouldReturnAnUnmodifiableSet() {
        Set<String> modules = scan("import x\n");

        assertThatThrownBy(() -> modules.add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldFindImportsNestedInFunctionsClassesAndBlocks() {
        // given
        String source = """
                def f():
                    import a
                    if True:
                        from b import c
                class K:
                    import d
                    def m(self):
                        for _ in range(3):
                            with open("f") as fh:
                                import e
                if __name__ == "__main__":
                    import f1
                else:
                    import f2
                while False:
                    import g
                match x:
                    case 1:
                        import h
                """;

        // when
        Set<String> modules = scan(source);

        // then
        assertThat(modules).containsExactly("a", "b", "d", "e", "f1", "f2", "g", "h");
    }

    @Test
    void shouldFindBothSidesOfATryImportFallback() {
        String source = """
                try:
                    import ujson as json
                except ImportError:
                    import json
                finally:
                    import atexit
                """;

        assertThat(scan(source)).containsExactly("ujson", "json", "atexit");
    }

    @Test
    void shouldFindImportsAfterASemicolon() {
        assertThat(scan("x = 1; import a; from b import c ;import d\n")).containsExactly("a", "b", "d");
    }

    @Test
    void shouldFindImportsAfterACompoundStatementsColonOnTheSameLine() {
        assertThat(scan("if True: import a\n")).containsExactly("a");
        assertThat(scan("try: import b\nexcept ImportError: import c\n")).containsExactly("b", "c");
        assertThat(scan("def f(): from d import e\n")).containsExactly("d");
        assertThat(scan("class K: import f; import g\n")).containsExactly("f", "g");
        assertThat(scan("while x: import h\nelse: import i\n")).containsExactly("h", "i");
    }

    @Test
    void shouldNotTakeFromInsideAStatementForAnImport() {
        // given
        String source = """
                def g():
                    yield from h()
                    x = yield from h()
                try:
                    pass
                except Exception as e:
                    raise ValueError("bad") from e
                raise KeyError from None
                """;

        // when
        Set<String> modules = scan(source);

        // then
        assertThat(modules).isEmpty();
    }

    @Test
    void shouldNotTakeAColonOrLineBreakInsideBracketsForAStatementStart() {
        // given
        String source = """
                d = {a: b for a, b in pairs}
                s = x[1:2]
                y = (yield
                from g())
                f = (lambda: 0)
                """;

        // when
        Set<String> modules = scan(source);

        // then
        assertThat(modules).isEmpty();
    }

    @Test
    void shouldReadParenthesisedImportNamesAndCarryOnAfterThem() {
        assertThat(scan("from x import (a,\n b)\nimport y\n")).containsExactly("x", "y");
        assertThat(scan("from x import (\n    a as aa,\n    b,\n)\nfrom z import c\n")).containsExactly("x", "z");
    }

    @Test
    void shouldFollowBackslashContinuations() {
        assertThat(scan("import a, \\\n    b\nfrom c \\\n    import d\n")).containsExactly("a", "b", "c");
    }

    @Test
    void shouldNotCountImportsInStringsOrComments() {
        // given
        String source = """
                # import commented
                s = "import in_string"
                t = '''
                import in_docstring
                from in_docstring import x
                '''
                u = f"{'import in_fstring'}"
                print("x"); # from y import z
                """;

        // when
        Set<String> modules = scan(source);

        // then
        assertThat(modules).isEmpty();
    }

    @Test
    void shouldNotSeeDynamicImports() {
        assertThat(scan("m = __import__('x')\nimport importlib\nn = importlib.import_module('y')\n"))
                .containsExactly("importlib");
    }

    @Test
    void shouldIgnoreModuleNamesThatAreNotPlainIdentifiers() {
        assertThat(scan("import if\n")).isEmpty();
        assertThat(scan("import a.if\n")).isEmpty();
        assertThat(scan("import 3x\n")).isEmpty();
        assertThat(scan("from class import x\n")).isEmpty();
        assertThat(scan("import a.\n")).isEmpty();
        assertThat(scan("import a, 'b', c\n")).containsExactly("a");
        assertThat(scan("from a\n")).isEmpty();
    }

    @Test
    void shouldAcceptSoftKeywordsAndUnicodeAsModuleNames() {
        assertThat(scan("import match, case, type, _\n")).containsExactly("match", "case", "type", "_");
        assertThat(scan("import café\n")).containsExactly("café");
    }

    @Test
    void shouldReturnTheImportsBeforeASyntaxError() {
        assertThat(scan("import a\nx = 'unterminated\nimport b\n")).containsExactly("a");
        assertThat(scan("import a\nx = )\nimport b\n")).containsExactly("a");
        assertThat(scan("import a\nif x:\n        y = 1\n    z = 2\nimport b\n")).containsExactly("a");
    }

    @Test
    void shouldReturnImportsBeforeABracketNeverClosed() {
        assertThat(scan("import a\nprint(1\nimport b\n")).containsExactly("a");
    }

    @Test
    void shouldKeepScanningPastParserErrorsTheTokenizerAccepts() {
        assertThat(scan("import a\nx = = 1\nimport b\n")).containsExactly("a", "b");
    }

    @Test
    void shouldReturnNothingForAnEmptyOrImportFreeProgram() {
        assertThat(scan("")).isEmpty();
        assertThat(scan("\n\n# nothing\n")).isEmpty();
        assertThat(scan("print('hello')")).isEmpty();
    }

    @Test
    void shouldAcceptEveryLineEndingAndAMissingFinalNewline() {
        assertThat(scan("import a\r\nimport b\rimport c")).containsExactly("a", "b", "c");
        assertThat(scan("\uFEFFimport a")).containsExactly("a");
    }

    @Test
    void shouldScanAOneMebibyteProgramInOnePass() {
        // given
        String block = """
                import numpy as np
                from pandas import DataFrame
                def f(x):
                    if x: import sklearn.linear_model
                    s = "import not_a_module " * 3
                    return [i ** 2 for i in range(x) if i % 2]; import json
                """;
        StringBuilder source = new StringBuilder();
        while (source.length() < 1024 * 1024) {
            source.append(block);
        }

        // when
        Set<String> modules = scan(source.toString());

        // then
        assertThat(modules).containsExactly("numpy", "pandas", "sklearn", "json");
    }

    @Test
    void shouldScanAOneMebibyteLineOfStatementsInOnePass() {
        String source = "import a; ".repeat(1024 * 1024 / 10) + "import b\n";

        assertThat(scan(source)).containsExactly("a", "b");
    }
}
