package dev.codeinterp.python.syntax;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the top-level modules a program imports, so that the service can install the missing third-party ones
 * before the program runs. It reads the tokens rather than the syntax tree because it must see every import,
 * including those nested in functions, classes, {@code if} and {@code try} blocks (which {@link PythonParser} does not
 * keep), and must be tolerant: a program with a syntax error still runs (and fails by itself), so the scan stops at
 * the first tokenizer error and keeps what it found before it. The work is one pass over the tokens, linear in the
 * size of the source.
 *
 * <p>An {@code import} or {@code from} keyword counts only where a statement starts: at the beginning of the program,
 * or after a NEWLINE, INDENT, DEDENT, {@code ;} or {@code :} outside any brackets (so {@code if c: import x} counts,
 * while {@code raise E from e} and {@code yield from g()} do not). Imports in strings and comments are not tokens
 * and do not count.
 *
 * <p>What it returns: for {@code import a.b as c, d}, {@code a} and {@code d}; for {@code from x.y import z},
 * {@code x}; nothing for a relative import ({@code from . import z}, {@code from .m import z}) or for
 * {@code __future__}. A module name that is not a plain identifier (a keyword, say) is ignored, as is a
 * {@code from} whose module is not followed by {@code import}. Every import counts, whether or not it would run: a
 * fallback such as {@code try: import ujson} / {@code except ImportError: import json} gives both names, and the
 * result holds standard-library and local modules too; telling which are missing is the caller's business.
 * Dynamic imports ({@code __import__("x")}, {@code importlib.import_module("x")}) are calls, not statements, and
 * are not seen.
 */
public final class ImportScanner {

    private static final String FUTURE = "__future__";

    private final List<Token> tokens;
    private final Set<String> modules = new LinkedHashSet<>();
    private int pos;

    private ImportScanner(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * The first component of every absolute module {@code source} imports, in the order of their first import;
     * the set is unmodifiable. Never throws on invalid source: the scan ends at the first tokenizer error.
     */
    public static Set<String> topLevelModules(String source) {
        ImportScanner scanner = new ImportScanner(Tokenizer.tokenize(source));
        scanner.scan();
        return Collections.unmodifiableSet(scanner.modules);
    }

    private void scan() {
        int depth = 0;
        boolean atStatementStart = true;
        while (true) {
            Token token = tokens.get(pos);
            if (token.kind() == TokenKind.ERROR || token.kind() == TokenKind.ENDMARKER) {
                return;
            }
            if (atStatementStart && token.kind() == TokenKind.NAME) {
                if (token.text().equals("import")) {
                    pos++;
                    importNames();
                    atStatementStart = false;
                    continue;
                }
                if (token.text().equals("from")) {
                    pos++;
                    fromModule();
                    atStatementStart = false;
                    continue;
                }
            }
            if (token.kind() == TokenKind.OP) {
                depth += bracketChange(token.text());
            }
            atStatementStart = switch (token.kind()) {
                case NEWLINE, INDENT, DEDENT -> true;
                case OP -> depth == 0 && (token.text().equals(";") || token.text().equals(":"));
                default -> false;
            };
            pos++;
        }
    }

    private static int bracketChange(String operator) {
        return switch (operator) {
            case "(", "[", "{" -> 1;
            case ")", "]", "}" -> -1;
            default -> 0;
        };
    }

    /** Reads {@code a.b as c, d} after {@code import}, stopping at the first token that does not fit. */
    private void importNames() {
        while (true) {
            String module = dottedNameHead();
            if (module == null) {
                return;
            }
            add(module);
            if (at("as")) {
                if (!isPlainName(tokens.get(pos + 1))) {
                    return;
                }
                pos += 2;
            }
            if (!at(",")) {
                return;
            }
            pos++;
        }
    }

    /**
     * Reads the module after {@code from}; a relative one is skipped. The imported names are left to the main loop,
     * which keeps the bracket depth of a parenthesised list.
     */
    private void fromModule() {
        if (at(".") || at("...")) {
            return;
        }
        String module = dottedNameHead();
        if (module != null && at("import")) {
            add(module);
        }
    }

    /** Reads a dotted name and returns its first component, or null (and stops early) if there is none. */
    private String dottedNameHead() {
        Token first = tokens.get(pos);
        if (!isPlainName(first)) {
            return null;
        }
        pos++;
        while (at(".")) {
            pos++;
            if (!isPlainName(tokens.get(pos))) {
                return null;
            }
            pos++;
        }
        return first.text();
    }

    private void add(String module) {
        if (!module.equals(FUTURE)) {
            modules.add(module);
        }
    }

    /** The token list always ends with ENDMARKER or ERROR, so an operator or name is never the last token. */
    private boolean at(String operatorOrKeyword) {
        return tokens.get(pos).is(operatorOrKeyword);
    }

    private static boolean isPlainName(Token token) {
        return token.kind() == TokenKind.NAME && !ExpressionParser.isKeyword(token.text());
    }
}
