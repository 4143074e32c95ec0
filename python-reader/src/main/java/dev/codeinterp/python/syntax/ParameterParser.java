package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.Statement.Parameter;
import dev.codeinterp.python.syntax.Statement.Parameters;
import java.util.ArrayList;
import java.util.List;

/** Parses the parameters of a {@code def} (with annotations) or a {@code lambda} (without), as CPython checks them. */
final class ParameterParser {

    private final ExpressionParser parser;
    private final TokenCursor cursor;
    private final boolean annotations;

    /** The parameters, and for a lambda what {@code ast.unparse} prints for them. */
    record Result(Parameters parameters, String lambdaText) {
    }

    private record Entry(Parameter parameter, String defaultText) {
    }

    ParameterParser(ExpressionParser parser, boolean annotations) {
        this.parser = parser;
        this.cursor = parser.cursor;
        this.annotations = annotations;
    }

    Result parse(String closing) throws PythonSyntaxError {
        List<Entry> positionalOnly = new ArrayList<>();
        List<Entry> positional = new ArrayList<>();
        List<Entry> keywordOnly = new ArrayList<>();
        Entry varArgs = null;
        Entry varKeywords = null;
        boolean star = false;
        boolean slash = false;
        boolean defaultSeen = false;
        while (!cursor.at(closing)) {
            Token token = cursor.peek();
            if (varKeywords != null) {
                throw cursor.error("arguments cannot follow var-keyword argument", token.line());
            }
            if (token.is("/")) {
                cursor.next();
                if (slash) {
                    throw cursor.error("/ may appear only once", token.line());
                }
                if (star) {
                    throw cursor.error("/ must be ahead of *", token.line());
                }
                if (positional.isEmpty()) {
                    throw cursor.error("at least one argument must precede /", token.line());
                }
                slash = true;
                positionalOnly.addAll(positional);
                positional.clear();
            } else if (token.is("*")) {
                cursor.next();
                if (star) {
                    throw cursor.error("* argument may appear only once", token.line());
                }
                star = true;
                if (cursor.at(TokenKind.NAME)) {
                    varArgs = parameter(true);
                    if (cursor.at("=")) {
                        throw cursor.error("var-positional argument cannot have default value", token.line());
                    }
                } else if (cursor.at(closing) || (cursor.at(",") && (cursor.peekSecond().is(closing)
                        || cursor.peekSecond().is("**")))) {
                    throw cursor.error("named arguments must follow bare *", token.line());
                }
            } else if (token.is("**")) {
                cursor.next();
                varKeywords = parameter(false);
                if (cursor.at("=")) {
                    throw cursor.error("var-keyword argument cannot have default value", token.line());
                }
            } else {
                Entry entry = parameter(false);
                if (star) {
                    keywordOnly.add(entry);
                } else {
                    if (entry.parameter().hasDefault()) {
                        defaultSeen = true;
                    } else if (defaultSeen) {
                        throw cursor.error("parameter without a default follows parameter with a default",
                                token.line());
                    }
                    positional.add(entry);
                }
            }
            if (!cursor.accept(",")) {
                break;
            }
        }
        Parameters parameters = new Parameters(strip(positionalOnly), strip(positional),
                varArgs == null ? null : varArgs.parameter(), strip(keywordOnly),
                varKeywords == null ? null : varKeywords.parameter());
        String text = annotations ? null
                : lambdaText(positionalOnly, positional, varArgs, keywordOnly, varKeywords);
        return new Result(parameters, text);
    }

    private Entry parameter(boolean starredAnnotationAllowed) throws PythonSyntaxError {
        Token name = cursor.peek();
        if (name.kind() != TokenKind.NAME || ExpressionParser.isKeyword(name.text())) {
            throw cursor.invalidSyntax();
        }
        cursor.next();
        Expression annotation = null;
        if (annotations && cursor.accept(":")) {
            annotation = (starredAnnotationAllowed ? parser.starExpression() : parser.expression()).expression();
        }
        String defaultText = null;
        if (cursor.accept("=")) {
            defaultText = parser.expression().unparse(Precedence.TEST);
        }
        return new Entry(new Parameter(name.text(), annotation, defaultText != null), defaultText);
    }

    private static List<Parameter> strip(List<Entry> entries) {
        return entries.stream().map(Entry::parameter).toList();
    }

    /** {@code visit_arguments} of {@code ast.unparse}, for a lambda (which has no annotations). */
    private static String lambdaText(List<Entry> positionalOnly, List<Entry> positional, Entry varArgs,
            List<Entry> keywordOnly, Entry varKeywords) {
        List<String> parts = new ArrayList<>();
        List<Entry> all = new ArrayList<>(positionalOnly);
        all.addAll(positional);
        for (int i = 0; i < all.size(); i++) {
            parts.add(withDefault(all.get(i)));
            if (i + 1 == positionalOnly.size()) {
                parts.add("/");
            }
        }
        if (varArgs != null || !keywordOnly.isEmpty()) {
            parts.add(varArgs == null ? "*" : "*" + varArgs.parameter().name());
        }
        for (Entry entry : keywordOnly) {
            parts.add(withDefault(entry));
        }
        if (varKeywords != null) {
            parts.add("**" + varKeywords.parameter().name());
        }
        return String.join(", ", parts);
    }

    private static String withDefault(Entry entry) {
        return entry.parameter().name() + (entry.defaultText() == null ? "" : "=" + entry.defaultText());
    }
}
