package dev.mcppol.runtime.model;

public enum CmpOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CmpOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The operator seen from the other side: {@code 5 < a} is {@code a > 5}. */
    public CmpOp flipped() {
        return switch (this) {
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
            default -> this;
        };
    }

    public boolean isOrdering() {
        return this != EQ && this != NE;
    }

    public static CmpOp fromSymbol(String s) {
        for (CmpOp op : values()) {
            if (op.symbol.equals(s)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown comparison operator " + s);
    }
}
