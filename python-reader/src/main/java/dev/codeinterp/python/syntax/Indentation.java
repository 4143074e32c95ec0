package dev.codeinterp.python.syntax;

import java.util.function.Consumer;

/**
 * CPython's indentation stack, from which the tokenizer makes its INDENT and DEDENT tokens. Each level keeps its
 * column with tabs to the next multiple of 8 and its "alternate" column with tabs as 1: indentation is inconsistent
 * when the two disagree on whether a line is deeper, the same or shallower.
 */
final class Indentation {

    private static final int MAX_LEVELS = 100;

    private final int[] columns = new int[MAX_LEVELS + 1];
    private final int[] altColumns = new int[MAX_LEVELS + 1];
    private int level;

    /**
     * Moves to the indentation of a logical line starting on {@code line}, giving {@code emit} an INDENT or each
     * DEDENT. The DEDENTs are emitted before a mismatch is thrown, so the parser reaches them before the error token.
     */
    void moveTo(int col, int altCol, int line, Consumer<TokenKind> emit) {
        if (col == columns[level]) {
            if (altCol != altColumns[level]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
        } else if (col > columns[level]) {
            if (level + 1 >= MAX_LEVELS) {
                throw new LexError("too many levels of indentation", line, false);
            }
            if (altCol <= altColumns[level]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
            level++;
            columns[level] = col;
            altColumns[level] = altCol;
            emit.accept(TokenKind.INDENT);
        } else {
            while (level > 0 && col < columns[level]) {
                level--;
                emit.accept(TokenKind.DEDENT);
            }
            if (col != columns[level]) {
                throw new LexError("unindent does not match any outer indentation level", line, false);
            }
            if (altCol != altColumns[level]) {
                throw new LexError("inconsistent use of tabs and spaces in indentation", line, false);
            }
        }
    }

    /** Closes every open level at the end of the file, giving {@code emit} one DEDENT each. */
    void closeAll(Consumer<TokenKind> emit) {
        while (level > 0) {
            level--;
            emit.accept(TokenKind.DEDENT);
        }
    }
}
