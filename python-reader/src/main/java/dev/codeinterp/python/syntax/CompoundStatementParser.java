package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Python 3.12 compound statements for {@link StatementParser}: decorators, {@code def} and {@code class}
 * (with type parameters), {@code if}/{@code elif}/{@code else}, {@code for}, {@code while}, {@code try}/{@code except}/
 * {@code finally}, {@code with}, {@code async} forms and {@code match}/{@code case}, each header's colon and the block
 * after it, including the limit on how deeply blocks nest.
 */
final class CompoundStatementParser {

    private static final int MAX_BLOCK_NESTING = 200;

    private final StatementParser statements;
    private final TokenCursor cursor;
    private final ExpressionParser expressions;
    private int blockDepth;

    CompoundStatementParser(StatementParser statements, TokenCursor cursor, ExpressionParser expressions) {
        this.statements = statements;
        this.cursor = cursor;
        this.expressions = expressions;
    }

    /** The compound statement starting at {@code token}, or null when the line holds simple statements. */
    Statement statement(Token token) throws PythonSyntaxError {
        if (token.kind() == TokenKind.NAME) {
            return switch (token.text()) {
                case "def" -> functionDefinition(List.of(), token.line());
                case "class" -> classDefinition(token.line());
                case "if" -> ifStatement();
                case "while" -> loop("while");
                case "for" -> loop("for");
                case "try" -> tryStatement();
                case "with" -> withStatement("with");
                case "async" -> asyncStatement();
                case "match" -> matchStatement();
                default -> null;
            };
        }
        return token.is("@") ? decorated() : null;
    }

    private Statement decorated() throws PythonSyntaxError {
        List<Expression> decorators = new ArrayList<>();
        while (cursor.accept("@")) {
            decorators.add(expressions.namedExpression().expression());
            if (!cursor.at(TokenKind.NEWLINE)) {
                throw cursor.invalidSyntax();
            }
            cursor.next();
        }
        Token token = cursor.peek();
        if (token.is("def")) {
            return functionDefinition(decorators, token.line());
        }
        if (token.is("class")) {
            return classDefinition(token.line());
        }
        if (token.is("async") && cursor.peekSecond().is("def")) {
            cursor.next();
            functionDefinition(decorators, token.line());
            return new Statement.Other("async def", token.line());
        }
        throw cursor.invalidSyntax();
    }

    private Statement.FunctionDef functionDefinition(List<Expression> decorators, int line) throws PythonSyntaxError {
        int defLine = cursor.next().line();
        String name = statements.name();
        if (cursor.at("[")) {
            typeParameters();
        }
        if (!cursor.at("(")) {
            throw cursor.error("expected '('", cursor.peek().line());
        }
        cursor.next();
        Statement.Parameters parameters = new ParameterParser(expressions, true).parse(")").parameters();
        if (!cursor.at(")")) {
            throw cursor.invalidSyntax();
        }
        cursor.next();
        Expression returns = null;
        if (cursor.accept("->")) {
            returns = expressions.expression().expression();
        }
        colon(true);
        String docstring = block("function definition", defLine);
        return new Statement.FunctionDef(name, parameters, returns, docstring, List.copyOf(decorators), line);
    }

    private Statement classDefinition(int line) throws PythonSyntaxError {
        int classLine = cursor.next().line();
        statements.name();
        if (cursor.at("[")) {
            typeParameters();
        }
        if (cursor.at("(")) {
            new CallParser(expressions).call(new ParsedExpression(new Expression.Name("class"), Kind.NAME, classLine));
        }
        colon(false);
        block("class definition", classLine);
        return new Statement.Other("class", line);
    }

    /** PEP 695 type parameters, {@code [T: int, *Ts, **P]}, of a {@code def}, a {@code class} or a type alias. */
    void typeParameters() throws PythonSyntaxError {
        cursor.expect("[");
        while (!cursor.at("]")) {
            if (cursor.accept("*") || cursor.accept("**")) {
                statements.name();
            } else {
                statements.name();
                if (cursor.accept(":")) {
                    expressions.expression();
                }
            }
            if (!cursor.accept(",")) {
                break;
            }
        }
        cursor.expect("]");
    }

    private Statement ifStatement() throws PythonSyntaxError {
        Token keyword = cursor.next();
        expressions.namedExpression();
        colon(false);
        block("'if' statement", keyword.line());
        while (cursor.at("elif")) {
            Token elif = cursor.next();
            expressions.namedExpression();
            colon(false);
            block("'elif' statement", elif.line());
        }
        elseBlock();
        return new Statement.Other("if", keyword.line());
    }

    private void elseBlock() throws PythonSyntaxError {
        if (cursor.at("else")) {
            Token keyword = cursor.next();
            colon(true);
            block("'else' statement", keyword.line());
        }
    }

    private Statement loop(String kind) throws PythonSyntaxError {
        Token keyword = cursor.next();
        if (kind.equals("for")) {
            ParsedExpression target = expressions.starTargets();
            ParsedExpression invalid = target.invalidTarget();
            if (invalid != null) {
                throw cursor.error("cannot assign to " + invalid.kind().description, invalid.line());
            }
            if (!cursor.accept("in")) {
                throw cursor.invalidSyntax();
            }
            expressions.starExpressions();
        } else {
            expressions.namedExpression();
        }
        colon(false);
        block("'" + kind + "' statement", keyword.line());
        elseBlock();
        return new Statement.Other(kind, keyword.line());
    }

    private Statement tryStatement() throws PythonSyntaxError {
        Token keyword = cursor.next();
        colon(true);
        block("'try' statement", keyword.line());
        boolean handlers = false;
        while (cursor.at("except")) {
            Token except = cursor.next();
            boolean star = cursor.accept("*");
            if (!cursor.at(":")) {
                expressions.expression();
                if (cursor.at(",")) {
                    throw cursor.error("multiple exception types must be parenthesized", except.line());
                }
                if (cursor.accept("as")) {
                    statements.name();
                }
            }
            colon(false);
            block(star ? "'except*' statement" : "'except' statement", except.line());
            handlers = true;
        }
        if (handlers) {
            elseBlock();
        }
        if (cursor.at("finally")) {
            Token keywordFinally = cursor.next();
            colon(true);
            block("'finally' statement", keywordFinally.line());
        } else if (!handlers) {
            Token next = cursor.peek();
            int line = next.kind() == TokenKind.ENDMARKER || next.kind() == TokenKind.DEDENT
                    ? cursor.previous().line() : next.line();
            throw cursor.error("expected 'except' or 'finally' block", line);
        }
        return new Statement.Other("try", keyword.line());
    }

    private Statement withStatement(String kind) throws PythonSyntaxError {
        Token keyword = cursor.next();
        if (!parenthesizedWithItems()) {
            withItems(null);
        }
        colon(false);
        block("'with' statement", keyword.line());
        return new Statement.Other(kind, keyword.line());
    }

    private boolean parenthesizedWithItems() throws PythonSyntaxError {
        if (!cursor.at("(")) {
            return false;
        }
        int mark = cursor.mark();
        try {
            cursor.next();
            withItems(")");
            cursor.expect(")");
            if (cursor.at(":")) {
                return true;
            }
        } catch (PythonSyntaxError e) {
            // not the parenthesised form: parse it again as an expression
        }
        cursor.reset(mark);
        return false;
    }

    private void withItems(String closing) throws PythonSyntaxError {
        do {
            if (closing != null && cursor.at(closing)) {
                return;
            }
            expressions.expression();
            if (cursor.accept("as")) {
                ParsedExpression target = expressions.starTarget();
                ParsedExpression invalid = target.invalidTarget();
                if (invalid != null) {
                    throw cursor.error("cannot assign to " + invalid.kind().description, invalid.line());
                }
            }
        } while (cursor.accept(","));
    }

    private Statement asyncStatement() throws PythonSyntaxError {
        Token async = cursor.next();
        Token next = cursor.peek();
        if (next.is("def")) {
            functionDefinition(List.of(), async.line());
            return new Statement.Other("async def", async.line());
        }
        if (next.is("for")) {
            loop("for");
            return new Statement.Other("async for", async.line());
        }
        if (next.is("with")) {
            withStatement("with");
            return new Statement.Other("async with", async.line());
        }
        throw cursor.invalidSyntax();
    }

    /** {@code match} is a soft keyword: the statement only when a subject, a colon and a newline follow. */
    private Statement matchStatement() throws PythonSyntaxError {
        int mark = cursor.mark();
        Token keyword = cursor.next();
        boolean isMatch = false;
        if (expressions.atExpressionStart() || cursor.at("*")) {
            try {
                expressions.starExpressions();
                isMatch = cursor.at(":") && cursor.peekSecond().kind() == TokenKind.NEWLINE;
            } catch (PythonSyntaxError e) {
                isMatch = false;
            }
        }
        if (!isMatch) {
            cursor.reset(mark);
            return null;
        }
        cursor.next();
        cursor.next();
        if (!cursor.at(TokenKind.INDENT)) {
            throw indentationExpected("'match' statement", keyword.line());
        }
        cursor.next();
        PatternParser patterns = new PatternParser(expressions);
        do {
            if (!cursor.at("case")) {
                throw cursor.invalidSyntax();
            }
            Token caseKeyword = cursor.next();
            patterns.patterns();
            if (cursor.accept("if")) {
                expressions.namedExpression();
            }
            colon(false);
            block("'case' statement", caseKeyword.line());
        } while (!cursor.at(TokenKind.DEDENT));
        cursor.next();
        return new Statement.Other("match", keyword.line());
    }

    /** The colon ending a compound statement's header; {@code anyToken}: CPython says "expected ':'" for any. */
    private void colon(boolean anyToken) throws PythonSyntaxError {
        if (cursor.at(":")) {
            cursor.next();
            return;
        }
        if (anyToken || cursor.at(TokenKind.NEWLINE)) {
            throw cursor.error("expected ':'", cursor.previous().line());
        }
        throw cursor.invalidSyntax();
    }

    /** A block after a header's colon; returns its docstring candidate (the first statement's string value). */
    private String block(String description, int headerLine) throws PythonSyntaxError {
        if (++blockDepth > MAX_BLOCK_NESTING) {
            throw cursor.error("too many levels of indentation", cursor.peek().line());
        }
        try {
            List<Statement> ignored = new ArrayList<>();
            if (!cursor.at(TokenKind.NEWLINE)) {
                return statements.simpleStatements(ignored);
            }
            cursor.next();
            if (!cursor.at(TokenKind.INDENT)) {
                throw indentationExpected(description, headerLine);
            }
            cursor.next();
            String docstring = statements.statement(ignored);
            while (!cursor.at(TokenKind.DEDENT)) {
                ignored.clear();
                statements.statement(ignored);
            }
            cursor.next();
            return docstring;
        } finally {
            blockDepth--;
        }
    }

    private PythonSyntaxError indentationExpected(String description, int headerLine) throws PythonSyntaxError {
        Token next = cursor.peek();
        int line = next.kind() == TokenKind.ENDMARKER ? cursor.previous().line() : next.line();
        return cursor.error("expected an indented block after " + description + " on line " + headerLine, line);
    }
}
