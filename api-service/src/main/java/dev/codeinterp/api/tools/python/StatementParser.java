package dev.codeinterp.api.tools.python;

import dev.codeinterp.api.tools.python.Parsed.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses Python 3.12 statements: the module's top level into {@link Statement}s, and every nested block only far
 * enough to check its syntax and to find a function's docstring.
 */
final class StatementParser {

    private static final int MAX_BLOCK_NESTING = 200;
    private static final Set<String> AUGMENTED_ASSIGNMENTS = Set.of("+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=",
            "^=", "<<=", ">>=", "**=", "//=");

    private final TokenCursor cursor;
    private final ExpressionParser expressions;
    private final ImportParser imports;
    /** The value of the last statement parsed when it was an expression statement of plain string literals. */
    private String stringStatement;
    private int blockDepth;

    StatementParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.expressions = new ExpressionParser(cursor);
        this.imports = new ImportParser(cursor);
    }

    List<Statement> module() throws PythonSyntaxError {
        List<Statement> body = new ArrayList<>();
        while (!cursor.at(TokenKind.ENDMARKER)) {
            statement(body);
        }
        return body;
    }

    /** One statement, or the simple statements of one line; appends what it parsed to {@code out}. */
    private void statement(List<Statement> out) throws PythonSyntaxError {
        stringStatement = null;
        Token token = cursor.peek();
        if (token.kind() == TokenKind.INDENT || token.kind() == TokenKind.DEDENT) {
            throw cursor.invalidSyntax();
        }
        if (token.kind() == TokenKind.NAME) {
            Statement compound = switch (token.text()) {
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
            if (compound != null) {
                out.add(compound);
                stringStatement = null;
                return;
            }
        } else if (token.is("@")) {
            out.add(decorated());
            stringStatement = null;
            return;
        }
        simpleStatements(out);
    }

    private void simpleStatements(List<Statement> out) throws PythonSyntaxError {
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
        Parsed targets = expressions.starTargets();
        Parsed invalid = targets.kind() == Kind.STARRED ? targets : targets.invalidTarget();
        if (invalid != null) {
            throw cursor.error("cannot delete " + invalid.kind().description, invalid.line());
        }
        return new Statement.Other("del", line);
    }

    private Statement typeAlias() throws PythonSyntaxError {
        int line = cursor.next().line();
        name();
        if (cursor.at("[")) {
            typeParameters();
        }
        cursor.expect("=");
        expressions.expression();
        return new Statement.Other("type", line);
    }

    private Statement expressionStatement() throws PythonSyntaxError {
        int line = cursor.peek().line();
        Parsed first = cursor.at("yield") ? expressions.yieldExpression() : expressions.starExpressions();
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

    private Parsed value() throws PythonSyntaxError {
        return cursor.at("yield") ? expressions.yieldExpression() : expressions.starExpressions();
    }

    private Statement annotatedAssignment(Parsed target, int line) throws PythonSyntaxError {
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

    private Statement assignment(Parsed target, int line) throws PythonSyntaxError {
        boolean single = true;
        while (cursor.accept("=")) {
            checkTarget(target, single);
            single = false;
            target = value();
        }
        return new Statement.Other("assignment", line);
    }

    private void checkTarget(Parsed target, boolean single) throws PythonSyntaxError {
        if (target.kind() == Kind.YIELD) {
            throw cursor.error("assignment to yield expression not possible", target.line());
        }
        Parsed invalid = target.invalidTarget();
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
                Parsed value = expressions.bitwiseOr();
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

    // ---- compound statements ----

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
        String name = name();
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
        name();
        if (cursor.at("[")) {
            typeParameters();
        }
        if (cursor.at("(")) {
            new CallParser(expressions).call(new Parsed(new Expression.Name("class"), Kind.NAME, classLine));
        }
        colon(false);
        block("class definition", classLine);
        return new Statement.Other("class", line);
    }

    private void typeParameters() throws PythonSyntaxError {
        cursor.expect("[");
        while (!cursor.at("]")) {
            if (cursor.accept("*") || cursor.accept("**")) {
                name();
            } else {
                name();
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
            Parsed target = expressions.starTargets();
            Parsed invalid = target.invalidTarget();
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
                    name();
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
                Parsed target = expressions.starTarget();
                Parsed invalid = target.invalidTarget();
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
                simpleStatements(ignored);
                return stringStatement;
            }
            cursor.next();
            if (!cursor.at(TokenKind.INDENT)) {
                throw indentationExpected(description, headerLine);
            }
            cursor.next();
            statement(ignored);
            String docstring = stringStatement;
            while (!cursor.at(TokenKind.DEDENT)) {
                ignored.clear();
                statement(ignored);
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

    private String name() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.kind() != TokenKind.NAME || ExpressionParser.isKeyword(token.text())) {
            throw cursor.invalidSyntax();
        }
        cursor.next();
        return token.text();
    }
}
