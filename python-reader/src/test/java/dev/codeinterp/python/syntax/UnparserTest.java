package dev.codeinterp.python.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are what CPython 3.12's {@code ast.unparse} prints for the same return annotation. */
class UnparserTest {

    private static String unparseAnnotation(String expression) throws PythonSyntaxError {
        Statement.FunctionDef f = (Statement.FunctionDef) PythonParser.parse("def f() -> " + expression + ": pass")
                .body().get(0);
        return Unparser.unparse(f.returns());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Annotated[int, Field(gt=0)]            | Annotated[int, Field(gt=0)]
            Callable[[int], str]                   | Callable[[int], str]
            `dict[str, list[int]] | None`          | `dict[str, list[int]] | None`
            'Foo'                                  | 'Foo'
            Literal['a\\n', "it's"]                | Literal['a\\n', "it's"]
            (lambda x: x)                          | lambda x: x
            f'{x!r:>10}'                           | f'{x!r:>10}'
            Tuple[int, str]                        | Tuple[int, str]
            x[()]                                  | x[()]
            x[a,]                                  | x[a,]
            x[(a, b)]                              | x[a, b]
            0x10                                   | 16
            1e100                                  | 1e+100
            1e400                                  | 1e309
            1.0                                    | 1.0
            2j                                     | 2j
            -1                                     | -1
            (-1) ** 2                              | (-1) ** 2
            -1 ** 2                                | -1 ** 2
            a ** b ** c                            | a ** b ** c
            (a ** b) ** c                          | (a ** b) ** c
            a - (b - c)                            | a - (b - c)
            a or b or c and d                      | a or b or (c and d)
            (a, b)                                 | (a, b)
            not (a and b)                          | not (a and b)
            f(x for x in y)                        | f((x for x in y))
            f(a=1, *b)                             | f(*b, a=1)
            1 .real                                | 1 .real
            b'\\x00"\\''                           | b'\\x00"\\''
            'a' 'b'                                | 'ab'
            u'x'                                   | u'x'
            ...                                    | ...
            {}                                     | {}
            {**a, 'b': 1}                          | {**a, 'b': 1}
            x[1:2, ::3]                            | x[1:2, ::3]
            x[*Ts]                                 | x[*Ts,]
            f"{'a'}"                               | f'{'a'}'
            f'{x=}'                                | f'x={x!r}'
            f'{x:{w}.{p}}'                         | f'{x:{w}.{p}}'
            f'{ {1: 2}[1] }'                       | f'{ {1: 2}[1]}'
            f"{x["k"]}"                            | f'{x['k']}'
            f'a\\n{x}'                             | f'a\\n{x}'
            (yield)                                | (yield)
            (x := 1)                               | (x := 1)
            await x                                | await x
            """)
    void shouldPrintWhatAstUnparsePrints(String expression, String expected) throws PythonSyntaxError {
        assertThat(unparseAnnotation(expression)).isEqualTo(expected);
    }
}
