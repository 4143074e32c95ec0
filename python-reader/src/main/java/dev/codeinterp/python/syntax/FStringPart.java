package dev.codeinterp.python.syntax;

import java.util.List;

/** A piece of an f-string (or of a format spec) as the tokenizer splits it. */
sealed interface FStringPart {

    /** Literal text as written in the source (escapes not yet decoded, {@code {{} already collapsed). */
    record Literal(String raw, int line) implements FStringPart {
    }

    /**
     * A replacement field {@code {expression=!c:spec}}.
     *
     * @param tokens     the expression's tokens, ending with {@link TokenKind#ENDMARKER}
     * @param debugText  the source text up to and including {@code =} for a self-documenting field, else null
     * @param conversion {@code 's'}, {@code 'r'}, {@code 'a'} or 0
     * @param formatSpec the spec's parts, or null without {@code :}
     */
    record Field(List<Token> tokens, String debugText, char conversion, List<FStringPart> formatSpec, int line)
            implements FStringPart {
    }
}
