package io.healthmon.rule;

/** How a measured value is compared with a rule's threshold. */
public enum Comparison {
    ABOVE(">"),
    BELOW("<");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** False for NaN: no data never breaches. */
    public boolean breaches(double value, double threshold) {
        return this == ABOVE ? value > threshold : value < threshold;
    }
}
