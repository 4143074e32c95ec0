package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.Expression.Other;
import dev.codeinterp.python.syntax.ParsedExpression.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for Python 3.12's expression grammar. It builds the public {@link Expression} records for
 * the forms annotations are made of and, for every other form, computes at once what {@code ast.unparse} prints for
 * it ({@link Other}).
 */
final class ExpressionParser {

    private static final int MAX_NESTING = 1000;
    private static final Set<String> COMPARISON_OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=", "in", "is",
            "not");
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");

    private static final Set<String> KEYWORDS_STARTING_EXPRESSIONS = Set.of("None", "True", "False", "lambda", "not",
            "await");
    private static final Set<String> OPERATORS_STARTING_EXPRESSIONS = Set.of("(", "[", "{", "-", "+", "~", "...");

    final TokenCursor cursor;
    private final LiteralParser literals;
    private int depth;

    ExpressionParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.literals = new LiteralParser(this);
    }

    static boolean isKeyword(String name) {
        return KEYWORDS.contains(name);
    }

    static ParsedExpression other(String unparsed, int precedence, Kind kind, int line) {
        return new ParsedExpression(new Other(unparsed, precedence), kind, line);
    }

    private void enter() throws PythonSyntaxError {
        if (++depth > MAX_NESTING) {
            throw cursor.error("Parser stack overflowed - Python source too complex to parse", cursor.peek().line());
        }
    }

    private void leave() {
        depth--;
    }

    /** Whether the current token can start an expression. */
    boolean atExpressionStart() throws PythonSyntaxError {
        Token token = cursor.peek();
        return switch (token.kind()) {
            case NAME -> !isKeyword(token.text()) || KEYWORDS_STARTING_EXPRESSIONS.contains(token.text());
            case NUMBER, STRING -> true;
            case OP -> OPERATORS_STARTING_EXPRESSIONS.contains(token.text());
            default -> false;
        };
    }

    // ---- lists of expressions ----

    /** {@code star_expressions}: one expression, or a tuple when there is a comma. */
    ParsedExpression starExpressions() throws PythonSyntaxError {
        ParsedExpression first = starExpression();
        if (!cursor.at(",")) {
            return first;
        }
        List<ParsedExpression> elements = new ArrayList<>(List.of(first));
        while (cursor.accept(",")) {
            if (!atExpressionStart() && !cursor.at("*")) {
                break;
            }
            elements.add(starExpression());
        }
        return tuple(elements, first.line());
    }

    ParsedExpression starExpression() throws PythonSyntaxError {
        if (cursor.at("*")) {
            int line = cursor.next().line();
            return starred(bitwiseOr(), line);
        }
        return expression();
    }

    private ParsedExpression starNamedExpression() throws PythonSyntaxError {
        if (cursor.at("*")) {
            int line = cursor.next().line();
            return starred(bitwiseOr(), line);
        }
        return namedExpression();
    }

    static ParsedExpression starred(ParsedExpression value, int line) {
        return new ParsedExpression(new Other("*" + value.unparse(Precedence.EXPR), Precedence.ATOM), Kind.STARRED,
                List.of(value), line, null);
    }

    static ParsedExpression tuple(List<ParsedExpression> elements, int line) {
        List<Expression> expressions = elements.stream().map(ParsedExpression::expression).toList();
        return new ParsedExpression(new Expression.TupleExpr(expressions), Kind.TUPLE, List.copyOf(elements), line, null);
    }

    /** {@code star_targets} as in {@code for} loops and comprehensions: stops before {@code in}. */
    ParsedExpression starTargets() throws PythonSyntaxError {
        ParsedExpression first = starTarget();
        if (!cursor.at(",")) {
            return first;
        }
        List<ParsedExpression> elements = new ArrayList<>(List.of(first));
        while (cursor.accept(",")) {
            if (cursor.at("in") || cursor.at("=") || !(atExpressionStart() || cursor.at("*"))) {
                break;
            }
            elements.add(starTarget());
        }
        return tuple(elements, first.line());
    }

    ParsedExpression starTarget() throws PythonSyntaxError {
        if (cursor.at("*")) {
            int line = cursor.next().line();
            return starred(starTarget(), line);
        }
        return bitwiseOr();
    }

    // ---- the precedence ladder ----

    ParsedExpression namedExpression() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.kind() == TokenKind.NAME && !isKeyword(token.text()) && cursor.peekSecond().is(":=")) {
            cursor.next();
            cursor.next();
            ParsedExpression value = expression();
            String text = token.text() + " := " + value.unparse(Precedence.ATOM);
            return other(text, Precedence.NAMED_EXPR, Kind.NAMED, token.line());
        }
        ParsedExpression expression = expression();
        if (cursor.at(":=")) {
            throw cursor.error("cannot use assignment expressions with " + expression.kind().description,
                    expression.line());
        }
        return expression;
    }

    ParsedExpression expression() throws PythonSyntaxError {
        enter();
        try {
            if (cursor.at("lambda")) {
                return lambda();
            }
            ParsedExpression body = disjunction();
            if (!cursor.at("if")) {
                return body;
            }
            cursor.next();
            ParsedExpression test = disjunction();
            if (!cursor.accept("else")) {
                if (cursor.at(TokenKind.NEWLINE) || cursor.at(TokenKind.ENDMARKER) || cursor.at(")")
                        || cursor.at("]") || cursor.at("}") || cursor.at(",") || cursor.at(":")) {
                    throw cursor.error("expected 'else' after 'if' expression", body.line());
                }
                throw cursor.invalidSyntax();
            }
            ParsedExpression orElse = expression();
            String text = body.unparse(Precedence.next(Precedence.TEST)) + " if "
                    + test.unparse(Precedence.next(Precedence.TEST)) + " else " + orElse.unparse(Precedence.TEST);
            return other(text, Precedence.TEST, Kind.CONDITIONAL, body.line());
        } finally {
            leave();
        }
    }

    private ParsedExpression lambda() throws PythonSyntaxError {
        int line = cursor.next().line();
        ParameterParser.Result parameters = new ParameterParser(this, false).parse(":");
        cursor.expect(":");
        ParsedExpression body = expression();
        String arguments = parameters.lambdaText();
        String text = "lambda" + (arguments.isEmpty() ? "" : " " + arguments) + ": "
                + body.unparse(Precedence.TEST);
        return other(text, Precedence.TEST, Kind.LAMBDA, line);
    }

    private ParsedExpression disjunction() throws PythonSyntaxError {
        return booleanOperation("or", Precedence.OR);
    }

    private ParsedExpression booleanOperation(String operator, int precedence) throws PythonSyntaxError {
        ParsedExpression first = operator.equals("or") ? booleanOperation("and", Precedence.AND) : inversion();
        if (!cursor.at(operator)) {
            return first;
        }
        StringBuilder text = new StringBuilder();
        int valuePrecedence = Precedence.next(precedence);
        text.append(first.unparse(valuePrecedence));
        while (cursor.accept(operator)) {
            ParsedExpression value = operator.equals("or") ? booleanOperation("and", Precedence.AND) : inversion();
            valuePrecedence = Precedence.next(valuePrecedence);
            text.append(' ').append(operator).append(' ').append(value.unparse(valuePrecedence));
        }
        return other(text.toString(), precedence, Kind.OPERATION, first.line());
    }

    private ParsedExpression inversion() throws PythonSyntaxError {
        if (cursor.at("not")) {
            enter();
            try {
                int line = cursor.next().line();
                ParsedExpression operand = inversion();
                return other("not " + operand.unparse(Precedence.NOT), Precedence.NOT, Kind.OPERATION, line);
            } finally {
                leave();
            }
        }
        return comparison();
    }

    private ParsedExpression comparison() throws PythonSyntaxError {
        ParsedExpression first = bitwiseOr();
        String operator = comparisonOperator();
        if (operator == null) {
            return first;
        }
        int operandPrecedence = Precedence.next(Precedence.CMP);
        StringBuilder text = new StringBuilder(first.unparse(operandPrecedence));
        while (operator != null) {
            ParsedExpression operand = bitwiseOr();
            text.append(' ').append(operator).append(' ').append(operand.unparse(operandPrecedence));
            operator = comparisonOperator();
        }
        return other(text.toString(), Precedence.CMP, Kind.COMPARE, first.line());
    }

    private String comparisonOperator() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (!COMPARISON_OPERATORS.contains(token.text()) || token.kind() == TokenKind.STRING) {
            return null;
        }
        if (token.is("not")) {
            if (!cursor.peekSecond().is("in")) {
                return null;
            }
            cursor.next();
            cursor.next();
            return "not in";
        }
        cursor.next();
        if (token.is("is") && cursor.accept("not")) {
            return "is not";
        }
        return token.text();
    }

    ParsedExpression bitwiseOr() throws PythonSyntaxError {
        return binary(Precedence.BOR);
    }

    private ParsedExpression binary(int minimum) throws PythonSyntaxError {
        ParsedExpression left = factor();
        while (true) {
            Token token = cursor.peek();
            int precedence = token.kind() == TokenKind.OP ? Precedence.ofBinaryOperator(token.text()) : -1;
            if (precedence < minimum || precedence == Precedence.POWER) {
                return left;
            }
            cursor.next();
            ParsedExpression right = binary(precedence + 1);
            left = new ParsedExpression(new Expression.BinOp(left.expression(), token.text(), right.expression()),
                    Kind.OPERATION, left.line());
        }
    }

    private ParsedExpression factor() throws PythonSyntaxError {
        Token token = cursor.peek();
        if (token.is("-") || token.is("+") || token.is("~")) {
            enter();
            try {
                cursor.next();
                ParsedExpression operand = factor();
                return other(token.text() + operand.unparse(Precedence.FACTOR), Precedence.FACTOR, Kind.OPERATION,
                        token.line());
            } finally {
                leave();
            }
        }
        return power();
    }

    private ParsedExpression power() throws PythonSyntaxError {
        ParsedExpression base = awaitPrimary();
        if (!cursor.accept("**")) {
            return base;
        }
        ParsedExpression exponent = factor();
        return new ParsedExpression(new Expression.BinOp(base.expression(), "**", exponent.expression()), Kind.OPERATION,
                base.line());
    }

    private ParsedExpression awaitPrimary() throws PythonSyntaxError {
        if (cursor.at("await")) {
            int line = cursor.next().line();
            ParsedExpression value = primary();
            return other("await " + value.unparse(Precedence.ATOM), Precedence.AWAIT, Kind.AWAIT, line);
        }
        return primary();
    }

    private ParsedExpression primary() throws PythonSyntaxError {
        ParsedExpression value = atom();
        while (true) {
            if (cursor.accept(".")) {
                Token name = cursor.peek();
                if (name.kind() != TokenKind.NAME || isKeyword(name.text())) {
                    throw cursor.invalidSyntax();
                }
                cursor.next();
                value = new ParsedExpression(new Expression.Attribute(value.expression(), name.text()), Kind.ATTRIBUTE,
                        value.line());
            } else if (cursor.at("(")) {
                value = new CallParser(this).call(value);
            } else if (cursor.accept("[")) {
                ParsedExpression slice = slices();
                cursor.expect("]");
                value = new ParsedExpression(new Expression.Subscript(value.expression(), slice.expression()), Kind.SUBSCRIPT,
                        value.line());
            } else {
                return value;
            }
        }
    }

    private ParsedExpression slices() throws PythonSyntaxError {
        ParsedExpression first = sliceOrStarred();
        if (!cursor.at(",")) {
            return first.kind() == Kind.STARRED ? tuple(List.of(first), first.line()) : first;
        }
        List<ParsedExpression> elements = new ArrayList<>(List.of(first));
        while (cursor.accept(",")) {
            if (cursor.at("]")) {
                break;
            }
            elements.add(sliceOrStarred());
        }
        return tuple(elements, first.line());
    }

    private ParsedExpression sliceOrStarred() throws PythonSyntaxError {
        int line = cursor.peek().line();
        if (cursor.at("*")) {
            cursor.next();
            return starred(expression(), line);
        }
        ParsedExpression lower = cursor.at(":") ? null : namedExpression();
        if (!cursor.at(":")) {
            return lower;
        }
        cursor.next();
        ParsedExpression upper = cursor.at(":") || cursor.at(",") || cursor.at("]") ? null : expression();
        ParsedExpression step = null;
        if (cursor.accept(":")) {
            step = cursor.at(",") || cursor.at("]") ? null : expression();
        }
        StringBuilder text = new StringBuilder();
        if (lower != null) {
            text.append(lower.unparse(Precedence.TEST));
        }
        text.append(':');
        if (upper != null) {
            text.append(upper.unparse(Precedence.TEST));
        }
        if (step != null) {
            text.append(':').append(step.unparse(Precedence.TEST));
        }
        return other(text.toString(), Precedence.ATOM, Kind.SLICE, line);
    }

    // ---- atoms ----

    private ParsedExpression atom() throws PythonSyntaxError {
        Token token = cursor.peek();
        switch (token.kind()) {
            case NAME -> {
                return name(token);
            }
            case NUMBER -> {
                cursor.next();
                return literals.number(token);
            }
            case STRING -> {
                return literals.strings();
            }
            case OP -> {
                return switch (token.text()) {
                    case "(" -> new DisplayParser(this).parenthesized();
                    case "[" -> new DisplayParser(this).list();
                    case "{" -> new DisplayParser(this).braces();
                    case "..." -> {
                        cursor.next();
                        yield new ParsedExpression(new Expression.Constant(Expression.Singleton.ELLIPSIS), Kind.ELLIPSIS,
                                token.line());
                    }
                    default -> throw cursor.invalidSyntax();
                };
            }
            default -> throw cursor.invalidSyntax();
        }
    }

    private ParsedExpression name(Token token) throws PythonSyntaxError {
        String text = token.text();
        Expression.Value constant = switch (text) {
            case "None" -> Expression.Singleton.NONE;
            case "True" -> new Expression.Bool(true);
            case "False" -> new Expression.Bool(false);
            default -> null;
        };
        if (constant != null) {
            cursor.next();
            Kind kind = text.equals("None") ? Kind.NONE : text.equals("True") ? Kind.TRUE : Kind.FALSE;
            return new ParsedExpression(new Expression.Constant(constant), kind, token.line());
        }
        if (isKeyword(text)) {
            if (text.equals("yield")) {
                throw cursor.invalidSyntax();
            }
            throw cursor.invalidSyntax();
        }
        cursor.next();
        return new ParsedExpression(new Expression.Name(text), Kind.NAME, token.line());
    }

    /** {@code yield_expr}; the current token is {@code yield}. */
    ParsedExpression yieldExpression() throws PythonSyntaxError {
        int line = cursor.next().line();
        if (cursor.accept("from")) {
            ParsedExpression value = expression();
            return other("yield from " + value.unparse(Precedence.ATOM), Precedence.YIELD, Kind.YIELD, line);
        }
        if (!atExpressionStart() && !cursor.at("*")) {
            return other("yield", Precedence.YIELD, Kind.YIELD, line);
        }
        ParsedExpression value = starExpressions();
        return other("yield " + value.unparse(Precedence.ATOM), Precedence.YIELD, Kind.YIELD, line);
    }

    /** {@code for_if_clauses} of a comprehension, printed as {@code ast.unparse} prints them. */
    String comprehensionClauses() throws PythonSyntaxError {
        StringBuilder text = new StringBuilder();
        while (cursor.at("for") || (cursor.at("async") && cursor.peekSecond().is("for"))) {
            boolean async = cursor.accept("async");
            cursor.next();
            ParsedExpression target = starTargets();
            ParsedExpression invalid = target.invalidTarget();
            if (invalid != null) {
                throw cursor.error("cannot assign to " + invalid.kind().description, invalid.line());
            }
            if (!cursor.accept("in")) {
                throw cursor.invalidSyntax();
            }
            ParsedExpression iterable = disjunction();
            text.append(async ? " async for " : " for ").append(target.unparse(Precedence.TUPLE)).append(" in ")
                    .append(iterable.unparse(Precedence.next(Precedence.TEST)));
            while (cursor.accept("if")) {
                ParsedExpression condition = disjunction();
                text.append(" if ").append(condition.unparse(Precedence.next(Precedence.TEST)));
            }
        }
        return text.toString();
    }

    boolean atComprehension() throws PythonSyntaxError {
        return cursor.at("for") || (cursor.at("async") && cursor.peekSecond().is("for"));
    }

    /** Parses one complete expression from a replacement field of an f-string. */
    static ParsedExpression fieldExpression(List<Token> tokens, ExpressionParser outer) throws PythonSyntaxError {
        ExpressionParser parser = new ExpressionParser(new TokenCursor(tokens));
        parser.depth = outer.depth;
        ParsedExpression value = parser.cursor.at("yield") ? parser.yieldExpression() : parser.starExpressions();
        if (!parser.cursor.at(TokenKind.ENDMARKER)) {
            throw parser.cursor.invalidSyntax();
        }
        return value;
    }
}
