package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses Python 3.12 statements: the module's top level into {@link Statement}s, and every nested block only far
 * enough to check its syntax and to find a function's docstring. This class owns the statement lines and the simple
 * statements (assignments, {@code del}, {@code type} aliases…); {@link CompoundStatementParser} owns the statements
 * with blocks.
 */
final class StatementParser {

    private static final Set<String> AUGMENTED_ASSIGNMENTS = Set.of("+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=",
            "^=", "<<=", ">>=", "**=", "//=");

    private final TokenCursor cursor;
    private final ExpressionParser expressions;
    private final ImportParser imports;
    private final CompoundStatementParser compounds;
    /** The value of the last statement parsed when it was an expression statement of plain string literals. */
    private String stringStatement;

    StatementParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.expressions = new ExpressionParser(cursor);
        this.imports = new ImportParser(cursor);
        this.compounds = new CompoundStatementParser(this, cursor, expressions);
    }

    List<Statement> module() throws PythonSyntaxError {
        List<Statement> body = new ArrayList<>();
        while (!cursor.at(TokenKind.ENDMARKER)) {
            statement(body);
        }
        return body;
    }

    /**
     * One statement, or the simple statements of one line; appends what it parsed to {@code out}. Returns the
     * docstring candidate: the value of the line's first statement when that is an expression of plain string
     * literals, else null.
     */
    String statement(List<Statement> out) throws PythonSyntaxError {
        stringStatement = null;
        Token token = cursor.peek();
        if (token.kind() == TokenKind.INDENT || token.kind() == TokenKind.DEDENT) {
            throw cursor.invalidSyntax();
        }
        Statement compound = compounds.statement(token);
        if (compound != null) {
            out.add(compound);
            stringStatement = null;
            return null;
        }
        return simpleStatements(out);
    }

    /** The simple statements of one line, up to its NEWLINE; returns the docstring candidate as {@link #statement}. */
    String simpleStatements(List<Statement> out) throws PythonSyntaxError {
        String first = null;
        boolean isFirst = true;
        while (true) {
            out.add(simpleStatement());
            if (isFirst) {
                first = stringStatement;
                isFirst = false;
            }
            if (cursor.accept(";")) {
                if (cursor.at(TokenKind.NEWLINE)) {
                    break;
                }
                continue;
            }
            if (!cursor.at(TokenKind.NEWLINE)) {
                throw cursor.invalidSyntax();
            }
            break;
        }
        cursor.next();
        stringStatement = first;
        return stringStatement;
    }

    private Statement simpleStatement() throws PythonSyntaxError {
        Token token = cursor.peek();
        int line = token.line();
        if (token.kind() == TokenKind.NAME) {
            switch (token.text()) {
                case "import" -> {
                    return imports.importStatement();
                }
                case "from" -> {
                    return imports.fromImport();
                }
                case "pass", "break", "continue" -> {
                    cursor.next();
                    return new Statement.Other(token.text(), line);
                }
                case "return" -> {
                    cursor.next();
                    if (expressions.atExpressionStart() || cursor.at("*")) {
                        expressions.starExpressions();
                    }
                    return new Statement.Other("return", line);
                }
                case "raise" -> {
                    cursor.next();
                    if (expressions.atExpressionStart()) {
                        expressions.expression();
                        if (cursor.accept("from")) {
                            expressions.expression();
                        }
                    }
                    return new Statement.Other("raise", line);
                }
                case "global", "nonlocal" -> {
                    cursor.next();
                    do {
                        name();
                    } while (cursor.accept(","));
                    return new Statement.Other(token.text(), line);
                }
                case "del" -> {
                    return deleteStatement();
                }
                case "assert" -> {
                    cursor.next();
                    expressions.expression();
                    if (cursor.accept(",")) {
                        expressions.expression();
                    }
                    return new Statement.Other("assert", line);
                }
                case "type" -> {
                    if (cursor.peekSecond().kind() == TokenKind.NAME) {
                        return typeAlias();
                    }
                }
                default -> {
                }
            }
        }
        return expressionStatement();
    }

    private Statement deleteStatement() throws PythonSyntaxError {
        int line = cursor.next().line();
        if (!expressions.atExpressionStart()) {
            throw cursor.invalidSyntax();
        }
        ParsedExpression targets = expressions.starTargets();
        ParsedExpression invalid = targets.kind() == Kind.STARRED ? targets : targets.invalidTarget();
        if (invalid != null) {
            throw cursor.error("cannot delete " + invalid.kind().description, invalid.line());
        }
        return new Statement.Other("del", line);
    }

    private Statement typeAlias() throws PythonSyntaxError {
        int line = cursor.next().line();
        name();
        if (cursor.at("[")) {
            compounds.typeParameters();
        }
        cursor.expect("=");
        expressions.expression();
        return new Statement.Other("type", line);
    }

    private Statement expressionStatement() throws PythonSyntaxError {
        int line = cursor.peek().line();
        ParsedExpression first = cursor.at("yield") ? expressions.yieldExpression() : expressions.starExpressions();
        if (cursor.at(":")) {
            return annotatedAssignment(first, line);
        }
        if (cursor.at("=")) {
            return assignment(first, line);
        }
        Token operator = cursor.peek();
        if (operator.kind() == TokenKind.OP && AUGMENTED_ASSIGNMENTS.contains(operator.text())) {
            if (first.kind() != Kind.NAME && first.kind() != Kind.ATTRIBUTE && first.kind() != Kind.SUBSCRIPT) {
                throw cursor.error("'" + first.kind().description
                        + "' is an illegal expression for augmented assignment", first.line());
            }
            cursor.next();
            value();
            return new Statement.Other("augmented assignment", line);
        }
        if (first.expression() instanceof Expression.Name name && (name.id().equals("print")
                || name.id().equals("exec")) && expressions.atExpressionStart()) {
            throw cursor.error("Missing parentheses in call to '" + name.id() + "'. Did you mean " + name.id()
                    + "(...)?", line);
        }
        stringStatement = first.stringValue();
        return new Statement.Other("expression", line);
    }

    private ParsedExpression value() throws PythonSyntaxError {
        return cursor.at("yield") ? expressions.yieldExpression() : expressions.starExpressions();
    }

    private Statement annotatedAssignment(ParsedExpression target, int line) throws PythonSyntaxError {
        if (target.kind() == Kind.TUPLE || target.kind() == Kind.LIST) {
            throw cursor.error("only single target (not " + target.kind().description + ") can be annotated",
                    target.line());
        }
        if (target.kind() != Kind.NAME && target.kind() != Kind.ATTRIBUTE && target.kind() != Kind.SUBSCRIPT) {
            throw cursor.error("illegal target for annotation", target.line());
        }
        cursor.next();
        expressions.expression();
        if (cursor.accept("=")) {
            value();
        }
        return new Statement.Other("annotated assignment", line);
    }

    private Statement assignment(ParsedExpression target, int line) throws PythonSyntaxError {
        boolean single = true;
        while (cursor.accept("=")) {
            checkTarget(target, single);
            single = false;
            target = value();
        }
        return new Statement.Other("assignment", line);
    }

    private void checkTarget(ParsedExpression target, boolean single) throws PythonSyntaxError {
        if (target.kind() == Kind.YIELD) {
            throw cursor.error("assignment to yield expression not possible", target.line());
        }
        ParsedExpression invalid = target.invalidTarget();
        if (invalid == null) {
            return;
        }
        if (single && invalid == target && !Set.of(Kind.TRUE, Kind.FALSE, Kind.NONE, Kind.GENERATOR, Kind.COMPARE,
                Kind.CONDITIONAL, Kind.LAMBDA, Kind.NAMED).contains(target.kind())
                && !(target.kind() == Kind.OPERATION && target.expression() instanceof Expression.Other other
                && (other.precedence() < Precedence.BOR))) {
            int mark = cursor.mark();
            boolean hint;
            try {
                ParsedExpression value = expressions.bitwiseOr();
                hint = !cursor.at("=") && !cursor.at(":=") && value != null;
            } catch (PythonSyntaxError e) {
                hint = false;
            }
            cursor.reset(mark);
            if (hint) {
                throw cursor.error("cannot assign to " + invalid.kind().description
                        + " here. Maybe you meant '==' instead of '='?", invalid.line());
            }
        }
        throw cursor.error("cannot assign to " + invalid.kind().description, invalid.line());
    }

    /** An identifier that is not a keyword. */
    String name() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.kind() != TokenKind.NAME || ExpressionParser.isKeyword(token.text())) {
            throw cursor.invalidSyntax();
        }
        cursor.next();
        return token.text();
    }
}
