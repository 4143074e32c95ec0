package dev.codeinterp.python.syntax;

/** Parses (and discards) the patterns of {@code case} clauses; only their syntax matters here. */
final class PatternParser {

    private final ExpressionParser expressions;
    private final TokenCursor cursor;

    PatternParser(ExpressionParser expressions) {
        this.expressions = expressions;
        this.cursor = expressions.cursor;
    }

    /** {@code patterns}: an open sequence of patterns, as after {@code case}. */
    void patterns() throws PythonSyntaxError {
        pattern();
        while (cursor.accept(",")) {
            if (cursor.at(":") || cursor.at("if")) {
                return;
            }
            pattern();
        }
    }

    private void pattern() throws PythonSyntaxError {
        closedPattern();
        while (cursor.accept("|")) {
            closedPattern();
        }
        if (cursor.accept("as")) {
            name();
        }
    }

    private void closedPattern() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.is("*")) {
            cursor.next();
            name();
        } else if (token.is("(") || token.is("[")) {
            cursor.next();
            String closing = token.is("(") ? ")" : "]";
            while (!cursor.at(closing)) {
                pattern();
                if (!cursor.accept(",")) {
                    break;
                }
            }
            cursor.expect(closing);
        } else if (token.is("{")) {
            cursor.next();
            while (!cursor.at("}")) {
                if (cursor.accept("**")) {
                    name();
                } else {
                    expressions.bitwiseOr();
                    cursor.expect(":");
                    pattern();
                }
                if (!cursor.accept(",")) {
                    break;
                }
            }
            cursor.expect("}");
        } else if (token.kind() == TokenKind.NAME && !token.is("None") && !token.is("True")
                && !token.is("False")) {
            name();
            while (cursor.accept(".")) {
                name();
            }
            if (cursor.accept("(")) {
                classArguments();
            }
        } else if (token.kind() == TokenKind.NUMBER || token.kind() == TokenKind.STRING || token.is("-")
                || token.is("None") || token.is("True") || token.is("False")) {
            expressions.bitwiseOr();
        } else {
            throw cursor.invalidSyntax();
        }
    }

    private void classArguments() throws PythonSyntaxError {
        while (!cursor.at(")")) {
            if (cursor.at(TokenKind.NAME) && cursor.peekSecond().is("=")) {
                cursor.next();
                cursor.next();
            }
            pattern();
            if (!cursor.accept(",")) {
                break;
            }
        }
        cursor.expect(")");
    }

    private void name() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.kind() != TokenKind.NAME || ExpressionParser.isKeyword(token.text())) {
            throw cursor.invalidSyntax();
        }
        cursor.next();
    }
}
