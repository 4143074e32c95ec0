package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.Expression.Attribute;
import dev.codeinterp.python.syntax.Expression.BinOp;
import dev.codeinterp.python.syntax.Expression.Constant;
import dev.codeinterp.python.syntax.Expression.ListExpr;
import dev.codeinterp.python.syntax.Expression.Name;
import dev.codeinterp.python.syntax.Expression.Other;
import dev.codeinterp.python.syntax.Expression.Subscript;
import dev.codeinterp.python.syntax.Expression.TupleExpr;
import java.util.List;

/**
 * Prints an {@link Expression} exactly as CPython 3.12's {@code ast.unparse} prints the same expression: the same
 * parentheses (decided by precedence, never kept from the source), the same spacing and the same {@code repr} of
 * constants.
 */
public final class Unparser {

    private Unparser() {
    }

    /** The expression's source as {@code ast.unparse} gives it. */
    public static String unparse(Expression expression) {
        return unparse(expression, Precedence.TEST);
    }

    static String unparse(Expression expression, int contextPrecedence) {
        StringBuilder out = new StringBuilder();
        write(out, expression, contextPrecedence);
        return out.toString();
    }

    private static void write(StringBuilder out, Expression expression, int context) {
        if (expression instanceof Name name) {
            out.append(name.id());
        } else if (expression instanceof Attribute attribute) {
            write(out, attribute.value(), Precedence.ATOM);
            if (attribute.value() instanceof Constant constant && constant.value() instanceof Expression.Int) {
                out.append(' ');
            }
            out.append('.').append(attribute.attr());
        } else if (expression instanceof Subscript subscript) {
            write(out, subscript.value(), Precedence.ATOM);
            out.append('[');
            if (subscript.slice() instanceof TupleExpr tuple && !tuple.elements().isEmpty()) {
                items(out, tuple.elements());
            } else {
                write(out, subscript.slice(), Precedence.TEST);
            }
            out.append(']');
        } else if (expression instanceof TupleExpr tuple) {
            boolean parens = tuple.elements().isEmpty() || context > Precedence.TUPLE;
            out.append(parens ? "(" : "");
            items(out, tuple.elements());
            out.append(parens ? ")" : "");
        } else if (expression instanceof ListExpr list) {
            out.append('[');
            join(out, list.elements());
            out.append(']');
        } else if (expression instanceof BinOp binOp) {
            writeBinOp(out, binOp, context);
        } else if (expression instanceof Constant constant) {
            out.append(constant(constant.value()));
        } else {
            Other other = (Other) expression;
            boolean parens = context > other.precedence();
            out.append(parens ? "(" : "").append(other.unparsed()).append(parens ? ")" : "");
        }
    }

    private static void writeBinOp(StringBuilder out, BinOp binOp, int context) {
        int precedence = Precedence.ofBinaryOperator(binOp.operator());
        boolean rightAssociative = binOp.operator().equals("**");
        boolean parens = context > precedence;
        out.append(parens ? "(" : "");
        write(out, binOp.left(), rightAssociative ? Precedence.next(precedence) : precedence);
        out.append(' ').append(binOp.operator()).append(' ');
        write(out, binOp.right(), rightAssociative ? precedence : Precedence.next(precedence));
        out.append(parens ? ")" : "");
    }

    /** {@code items_view}: comma separated, with a trailing comma after a single item. */
    private static void items(StringBuilder out, List<Expression> elements) {
        join(out, elements);
        if (elements.size() == 1) {
            out.append(',');
        }
    }

    private static void join(StringBuilder out, List<Expression> elements) {
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            write(out, elements.get(i), Precedence.TEST);
        }
    }

    static String constant(Expression.Value value) {
        if (value instanceof Expression.Str str) {
            return PythonRepr.str(str.value());
        } else if (value instanceof Expression.Bytes bytes) {
            return PythonRepr.bytes(bytes.value());
        } else if (value instanceof Expression.Int integer) {
            return integer.value().toString();
        } else if (value instanceof Expression.Float number) {
            return PythonRepr.floatRepr(number.value());
        } else if (value instanceof Expression.Imaginary imaginary) {
            return PythonRepr.imaginaryRepr(imaginary.value());
        } else if (value instanceof Expression.Bool bool) {
            return bool.value() ? "True" : "False";
        }
        return value == Expression.Singleton.NONE ? "None" : "...";
    }
}
