package dev.codeinterp.python.syntax;

/** The kinds of token {@link Tokenizer} produces, as in CPython's {@code token} module. */
enum TokenKind {
    NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, ENDMARKER,
    /** A tokenizer error the parser raises when it reaches it; see {@link Token#error()}. */
    ERROR
}
