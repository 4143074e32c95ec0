package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.util.ArrayList;
import java.util.List;

/** Parses bracketed atoms: groups, tuples, lists, sets, dicts and the comprehensions of each. */
final class DisplayParser {

    private final ExpressionParser parser;
    private final TokenCursor cursor;

    DisplayParser(ExpressionParser parser) {
        this.parser = parser;
        this.cursor = parser.cursor;
    }

    /** {@code ( … )}: a group, a tuple, a generator expression or a parenthesised yield. */
    ParsedExpression parenthesized() throws PythonSyntaxError {
        int line = cursor.next().line();
        if (cursor.accept(")")) {
            return ExpressionParser.tuple(List.of(), line);
        }
        if (cursor.at("yield")) {
            ParsedExpression value = parser.yieldExpression();
            close(")", value);
            return value;
        }
        ParsedExpression first = element();
        if (parser.atComprehension() && first.kind() != Kind.STARRED) {
            String clauses = parser.comprehensionClauses();
            close(")", first);
            return ExpressionParser.other("(" + first.unparse(Precedence.TEST) + clauses + ")", Precedence.ATOM,
                    Kind.GENERATOR, line);
        }
        if (cursor.at(")") && first.kind() != Kind.STARRED) {
            cursor.next();
            return first;
        }
        List<ParsedExpression> elements = rest(first, ")");
        return ExpressionParser.tuple(elements, line);
    }

    ParsedExpression list() throws PythonSyntaxError {
        int line = cursor.next().line();
        if (cursor.accept("]")) {
            return new ParsedExpression(new Expression.ListExpr(List.of()), Kind.LIST, List.of(), line, null);
        }
        ParsedExpression first = element();
        if (parser.atComprehension() && first.kind() != Kind.STARRED) {
            String clauses = parser.comprehensionClauses();
            close("]", first);
            return ExpressionParser.other("[" + first.unparse(Precedence.TEST) + clauses + "]", Precedence.ATOM,
                    Kind.LIST_COMP, line);
        }
        List<ParsedExpression> elements = rest(first, "]");
        return new ParsedExpression(new Expression.ListExpr(elements.stream().map(ParsedExpression::expression).toList()), Kind.LIST,
                elements, line, null);
    }

    /** {@code { … }}: a dict, a set, or their comprehensions. */
    ParsedExpression braces() throws PythonSyntaxError {
        int line = cursor.next().line();
        if (cursor.accept("}")) {
            return ExpressionParser.other("{}", Precedence.ATOM, Kind.DICT, line);
        }
        if (cursor.at("**")) {
            return dict(line, null);
        }
        ParsedExpression first = element();
        if (cursor.accept(":")) {
            if (first.kind() == Kind.STARRED || first.kind() == Kind.NAMED) {
                throw cursor.invalidSyntax();
            }
            ParsedExpression value = parser.expression();
            if (parser.atComprehension()) {
                String clauses = parser.comprehensionClauses();
                close("}", value);
                return ExpressionParser.other("{" + first.unparse(Precedence.TEST) + ": "
                        + value.unparse(Precedence.TEST) + clauses + "}", Precedence.ATOM, Kind.DICT_COMP, line);
            }
            return dict(line, first.unparse(Precedence.TEST) + ": " + value.unparse(Precedence.TEST));
        }
        if (parser.atComprehension() && first.kind() != Kind.STARRED) {
            String clauses = parser.comprehensionClauses();
            close("}", first);
            return ExpressionParser.other("{" + first.unparse(Precedence.TEST) + clauses + "}", Precedence.ATOM,
                    Kind.SET_COMP, line);
        }
        List<ParsedExpression> elements = rest(first, "}");
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < elements.size(); i++) {
            text.append(i > 0 ? ", " : "").append(elements.get(i).unparse(Precedence.TEST));
        }
        return ExpressionParser.other(text.append('}').toString(), Precedence.ATOM, Kind.SET, line);
    }

    private ParsedExpression dict(int line, String firstItem) throws PythonSyntaxError {
        List<String> items = new ArrayList<>();
        if (firstItem != null) {
            items.add(firstItem);
            if (!cursor.accept(",")) {
                close("}", null);
                return dictOf(items, line);
            }
        }
        while (!cursor.at("}")) {
            if (cursor.accept("**")) {
                items.add("**" + parser.bitwiseOr().unparse(Precedence.EXPR));
            } else {
                ParsedExpression key = parser.expression();
                cursor.expect(":");
                ParsedExpression value = parser.expression();
                items.add(key.unparse(Precedence.TEST) + ": " + value.unparse(Precedence.TEST));
            }
            if (!cursor.accept(",")) {
                break;
            }
        }
        close("}", null);
        return dictOf(items, line);
    }

    private static ParsedExpression dictOf(List<String> items, int line) {
        return ExpressionParser.other("{" + String.join(", ", items) + "}", Precedence.ATOM, Kind.DICT, line);
    }

    private ParsedExpression element() throws PythonSyntaxError {
        return parser.atExpressionStart() || cursor.at("*") ? starNamed() : failInBrackets(null);
    }

    private ParsedExpression starNamed() throws PythonSyntaxError {
        if (cursor.at("*")) {
            int line = cursor.next().line();
            return ExpressionParser.starred(parser.bitwiseOr(), line);
        }
        return parser.namedExpression();
    }

    /** The elements after the first of a comma separated display, through the closing bracket. */
    private List<ParsedExpression> rest(ParsedExpression first, String closing) throws PythonSyntaxError {
        List<ParsedExpression> elements = new ArrayList<>(List.of(first));
        ParsedExpression last = first;
        while (cursor.accept(",")) {
            if (cursor.at(closing)) {
                break;
            }
            last = element();
            elements.add(last);
        }
        close(closing, last);
        return elements;
    }

    private void close(String closing, ParsedExpression last) throws PythonSyntaxError {
        if (!cursor.at(closing)) {
            failInBrackets(last);
        }
        cursor.next();
    }

    /** CPython's hint for two expressions in a row inside brackets: {@code [a b]}. */
    ParsedExpression failInBrackets(ParsedExpression last) throws PythonSyntaxError {
        if (last != null && missingComma(last)) {
            throw cursor.error("invalid syntax. Perhaps you forgot a comma?", last.line());
        }
        throw cursor.invalidSyntax();
    }

    private boolean missingComma(ParsedExpression last) throws PythonSyntaxError {
        Kind kind = last.kind();
        boolean disjunction = kind != Kind.CONDITIONAL && kind != Kind.LAMBDA && kind != Kind.STARRED
                && kind != Kind.NAMED && kind != Kind.YIELD && kind != Kind.GENERATOR;
        if (!disjunction || !parser.atExpressionStart() || cursor.at("not")) {
            return false;
        }
        boolean nameBeforeString = kind == Kind.NAME && cursor.at(TokenKind.STRING);
        if (nameBeforeString || cursor.peekSecond().kind() == TokenKind.ERROR) {
            return false;
        }
        if (last.expression() instanceof Expression.Name name
                && (name.id().equals("print") || name.id().equals("exec"))) {
            return false;
        }
        int mark = cursor.mark();
        try {
            parser.expression();
            return true;
        } catch (PythonSyntaxError e) {
            return false;
        } finally {
            cursor.reset(mark);
        }
    }
}
