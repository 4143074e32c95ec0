package dev.codeinterp.python.syntax;

import java.math.BigInteger;
import java.util.List;

/**
 * A Python expression, as much of CPython's {@code ast} as custom tools need. The records named here are the ones
 * type annotations are built from; every other expression form is kept as {@link Other}, which knows only how to
 * print itself.
 */
public sealed interface Expression {

    /** A bare name: {@code int}, {@code Optional}. */
    record Name(String id) implements Expression {
    }

    /** {@code value.attr}: {@code typing.Optional}. */
    record Attribute(Expression value, String attr) implements Expression {
    }

    /** {@code value[slice]}; a subscript with several elements has a {@link TupleExpr} slice, as in CPython. */
    record Subscript(Expression value, Expression slice) implements Expression {
    }

    /** A tuple display {@code (a, b)} or bare {@code a, b}. */
    record TupleExpr(List<Expression> elements) implements Expression {
    }

    /** A list display {@code [a, b]}. */
    record ListExpr(List<Expression> elements) implements Expression {
    }

    /** A binary operation; {@code operator} is its source spelling ({@code "|"}, {@code "+"}, {@code "//"}…). */
    record BinOp(Expression left, String operator, Expression right) implements Expression {
    }

    /** A literal; implicitly concatenated strings are one constant, as in CPython. */
    record Constant(Value value) implements Expression {
    }

    /**
     * Any other expression (calls, lambdas, comprehensions, f-strings, comparisons…). {@code unparsed} is what
     * {@code ast.unparse} prints for it; {@code precedence} is its {@link Unparser} precedence, so an enclosing
     * expression knows whether to parenthesise it.
     */
    record Other(String unparsed, int precedence) implements Expression {
    }

    /** The value of a {@link Constant}. */
    sealed interface Value {
    }

    record Str(String value) implements Value {
    }

    record Bytes(byte[] value) implements Value {
    }

    record Int(BigInteger value) implements Value {
    }

    record Float(double value) implements Value {
    }

    /** An imaginary literal such as {@code 2j}. */
    record Imaginary(double value) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    enum Singleton implements Value {
        NONE, ELLIPSIS
    }
}
