package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.util.ArrayList;
import java.util.List;

/** Parses a call's argument list, with CPython's checks of argument order. */
final class CallParser {

    private final ExpressionParser parser;
    private final TokenCursor cursor;

    CallParser(ExpressionParser parser) {
        this.parser = parser;
        this.cursor = parser.cursor;
    }

    /** {@code function(arguments)}; the current token is the opening parenthesis. */
    ParsedExpression call(ParsedExpression function) throws PythonSyntaxError {
        cursor.next();
        List<String> positional = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        boolean seenKeyword = false;
        boolean seenDoubleStar = false;
        ParsedExpression generator = null;
        int count = 0;
        ParsedExpression last = null;
        while (!cursor.at(")")) {
            Token token = cursor.peek();
            count++;
            if (token.is("*")) {
                cursor.next();
                if (seenDoubleStar) {
                    throw cursor.error("iterable argument unpacking follows keyword argument unpacking", token.line());
                }
                last = parser.expression();
                positional.add("*" + last.unparse(Precedence.EXPR));
            } else if (token.is("**")) {
                cursor.next();
                last = parser.expression();
                keywords.add("**" + last.unparse(Precedence.TEST));
                seenDoubleStar = true;
            } else if (token.kind() == TokenKind.NAME && !ExpressionParser.isKeyword(token.text())
                    && cursor.peekSecond().is("=")) {
                cursor.next();
                cursor.next();
                last = parser.expression();
                keywords.add(token.text() + "=" + last.unparse(Precedence.TEST));
                seenKeyword = true;
            } else {
                if (!parser.atExpressionStart()) {
                    throw cursor.invalidSyntax();
                }
                last = parser.namedExpression();
                if (parser.atComprehension()) {
                    String clauses = parser.comprehensionClauses();
                    last = ExpressionParser.other("(" + last.unparse(Precedence.TEST) + clauses + ")",
                            Precedence.ATOM, Kind.GENERATOR, last.line());
                    generator = last;
                }
                if (cursor.at("=")) {
                    if (last.kind() == Kind.TRUE || last.kind() == Kind.FALSE || last.kind() == Kind.NONE) {
                        throw cursor.error("cannot assign to " + last.kind().description, last.line());
                    }
                    throw cursor.error("expression cannot contain assignment, perhaps you meant \"==\"?", last.line());
                }
                if (seenDoubleStar) {
                    throw cursor.error("positional argument follows keyword argument unpacking", last.line());
                }
                if (seenKeyword) {
                    throw cursor.error("positional argument follows keyword argument", last.line());
                }
                positional.add(last.unparse(Precedence.TEST));
            }
            if (!cursor.accept(",")) {
                break;
            }
        }
        if (generator != null && count > 1) {
            throw cursor.error("Generator expression must be parenthesized", generator.line());
        }
        if (!cursor.at(")")) {
            new DisplayParser(parser).failInBrackets(last);
        }
        cursor.next();
        List<String> arguments = new ArrayList<>(positional);
        arguments.addAll(keywords);
        String text = function.unparse(Precedence.ATOM) + "(" + String.join(", ", arguments) + ")";
        return ExpressionParser.other(text, Precedence.ATOM, Kind.CALL, function.line());
    }
}
