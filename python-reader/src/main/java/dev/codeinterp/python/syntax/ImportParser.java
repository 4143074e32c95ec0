package dev.codeinterp.python.syntax;

import dev.codeinterp.python.syntax.Statement.Alias;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code import} and {@code from … import} statements. */
final class ImportParser {

    private final TokenCursor cursor;

    ImportParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    Statement.Import importStatement() throws PythonSyntaxError {
        int line = cursor.next().line();
        List<Alias> names = new ArrayList<>();
        do {
            String name = dottedName();
            names.add(new Alias(name, cursor.accept("as") ? name() : null));
        } while (cursor.accept(","));
        return new Statement.Import(List.copyOf(names), line);
    }

    Statement.ImportFrom fromImport() throws PythonSyntaxError {
        int line = cursor.next().line();
        int level = 0;
        while (cursor.at(".") || cursor.at("...")) {
            level += cursor.next().text().length();
        }
        String module = null;
        if (level == 0 || !cursor.at("import")) {
            module = dottedName();
        }
        if (!cursor.accept("import")) {
            throw cursor.invalidSyntax();
        }
        List<Alias> names = new ArrayList<>();
        if (cursor.accept("*")) {
            names.add(new Alias("*", null));
        } else if (cursor.accept("(")) {
            do {
                if (cursor.at(")") && !names.isEmpty()) {
                    break;
                }
                names.add(alias());
            } while (cursor.accept(","));
            cursor.expect(")");
        } else {
            names.add(alias());
            while (cursor.accept(",")) {
                if (cursor.at(TokenKind.NEWLINE) || cursor.at(";")) {
                    throw cursor.error("trailing comma not allowed without surrounding parentheses", line);
                }
                names.add(alias());
            }
        }
        return new Statement.ImportFrom(module, List.copyOf(names), level, line);
    }

    private Alias alias() throws PythonSyntaxError {
        String name = name();
        return new Alias(name, cursor.accept("as") ? name() : null);
    }

    private String dottedName() throws PythonSyntaxError {
        StringBuilder name = new StringBuilder(name());
        while (cursor.accept(".")) {
            name.append('.').append(name());
        }
        return name.toString();
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
