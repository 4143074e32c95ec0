package dev.codeinterp.python.syntax;

import java.util.List;

/**
 * An expression with what the parser still needs to know about it: its kind (for CPython's "cannot assign to …"
 * messages), its elements when it is a tuple, list or starred target, and the string value when it is a plain string
 * literal (a candidate docstring).
 */
record ParsedExpression(Expression expression, Kind kind, List<ParsedExpression> elements, int line, String stringValue) {

    ParsedExpression(Expression expression, Kind kind, int line) {
        this(expression, kind, List.of(), line, null);
    }

    /** Expression kinds, named as CPython's {@code _PyPegen_get_expr_name} names them. */
    enum Kind {
        NAME("name"), ATTRIBUTE("attribute"), SUBSCRIPT("subscript"), STARRED("starred"), LIST("list"),
        TUPLE("tuple"), LAMBDA("lambda"), CALL("function call"), OPERATION("expression"),
        GENERATOR("generator expression"), YIELD("yield expression"), AWAIT("await expression"),
        LIST_COMP("list comprehension"), SET_COMP("set comprehension"), DICT_COMP("dict comprehension"),
        DICT("dict literal"), SET("set display"), FSTRING("f-string expression"), NONE("None"), TRUE("True"),
        FALSE("False"), ELLIPSIS("ellipsis"), LITERAL("literal"), COMPARE("comparison"),
        CONDITIONAL("conditional expression"), NAMED("named expression"), SLICE("slice");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    String unparse(int contextPrecedence) {
        return Unparser.unparse(expression, contextPrecedence);
    }

    /** The first part of this target that cannot be assigned to, or null; as {@code _PyPegen_get_invalid_target}. */
    ParsedExpression invalidTarget() {
        switch (kind) {
            case NAME, ATTRIBUTE, SUBSCRIPT:
                return null;
            case STARRED, TUPLE, LIST:
                for (ParsedExpression element : elements) {
                    ParsedExpression invalid = element.invalidTarget();
                    if (invalid != null) {
                        return invalid;
                    }
                }
                return null;
            default:
                return this;
        }
    }
}
