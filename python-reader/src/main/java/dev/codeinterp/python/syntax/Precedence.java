package dev.codeinterp.python.syntax;

/** CPython's {@code ast._Precedence} levels: an expression is parenthesised when its context binds tighter. */
final class Precedence {

    static final int NAMED_EXPR = 1;
    static final int TUPLE = 2;
    static final int YIELD = 3;
    static final int TEST = 4;
    static final int OR = 5;
    static final int AND = 6;
    static final int NOT = 7;
    static final int CMP = 8;
    static final int EXPR = 9;
    static final int BOR = EXPR;
    static final int BXOR = 10;
    static final int BAND = 11;
    static final int SHIFT = 12;
    static final int ARITH = 13;
    static final int TERM = 14;
    static final int FACTOR = 15;
    static final int POWER = 16;
    static final int AWAIT = 17;
    static final int ATOM = 18;

    private Precedence() {
    }

    static int next(int precedence) {
        return Math.min(precedence + 1, ATOM);
    }

    /** The precedence of a binary operator, or -1 when {@code operator} is not one. */
    static int ofBinaryOperator(String operator) {
        return switch (operator) {
            case "|" -> BOR;
            case "^" -> BXOR;
            case "&" -> BAND;
            case "<<", ">>" -> SHIFT;
            case "+", "-" -> ARITH;
            case "*", "@", "/", "%", "//" -> TERM;
            case "**" -> POWER;
            default -> -1;
        };
    }
}
