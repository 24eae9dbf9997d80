package io.healthmon.metrics;

import java.util.function.Consumer;

/**
 * Prometheus text exposition (format 0.0.4) written into a buffer that is handed on in chunks of
 * about {@code chunkChars}, so a scrape of any size holds one chunk of text at a time, never the
 * whole (tens of megabytes at 10,000 endpoints). Numbers are written as Prometheus's own Go client
 * writes them (and as the simpleclient did before): {@code +Inf}, {@code -Inf}, {@code NaN}, else
 * Java's shortest round-trip form.
 */
public final class Exposition {

    /** The families' types, as the {@code # TYPE} line names them. */
    public enum Type {
        GAUGE("gauge"), COUNTER("counter"), HISTOGRAM("histogram");

        private final String text;

        Type(String text) {
            this.text = text;
        }
    }

    private final StringBuilder buf;
    private final int chunkChars;
    private final Consumer<String> sink;

    /** @param sink receives each chunk, in order; the last one on {@link #finish} */
    public Exposition(int chunkChars, Consumer<String> sink) {
        this.chunkChars = chunkChars;
        this.sink = sink;
        this.buf = new StringBuilder(chunkChars + 512);
    }

    /**
     * Text that already is exposition (the meter registry's scrape), passed through line by line
     * without the comma the simpleclient writes after the last label ({@code {a="b",}}: valid, but
     * every other line here reads {@code {a="b"}}). A sample's last '}' closes its labels: what
     * follows it (value, timestamp) holds none.
     */
    public void raw(String text) {
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl + 1;
            int close = text.charAt(from) == '#' ? -1 : text.lastIndexOf('}', end - 1);
            if (close > from + 1 && text.charAt(close - 1) == ',' && text.charAt(close - 2) == '"') {
                buf.append(text, from, close - 1).append(text, close, end);
            } else {
                buf.append(text, from, end);
            }
            from = end;
            flushIfFull();
        }
    }

    /** Starts a family: its {@code # TYPE} and {@code # HELP} lines. */
    public void family(String name, Type type, String help) {
        buf.append("# TYPE ").append(name).append(' ').append(type.text).append('\n');
        buf.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                buf.append("\\\\");
            } else if (c == '\n') {
                buf.append("\\n");
            } else {
                buf.append(c);
            }
        }
        buf.append('\n');
        flushIfFull();
    }

    public void sample(String name, String label, String value, double v) {
        buf.append(name).append('{');
        label(label, value);
        end(v);
    }

    public void sample(String name, String label1, String value1, String label2, String value2, double v) {
        buf.append(name).append('{');
        label(label1, value1);
        buf.append(',');
        label(label2, value2);
        end(v);
    }

    public void sample(String name, String label1, String value1, String label2, String value2, String label3, String value3,
                       double v) {
        buf.append(name).append('{');
        label(label1, value1);
        buf.append(',');
        label(label2, value2);
        buf.append(',');
        label(label3, value3);
        end(v);
    }

    /** Four labels: {@code healthmon_alerts}. */
    public void sample(String name, String[] labels, String[] values, double v) {
        buf.append(name).append('{');
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                buf.append(',');
            }
            label(labels[i], values[i]);
        }
        end(v);
    }

    /** Hands on what is left. */
    public void finish() {
        if (buf.length() > 0) {
            sink.accept(buf.toString());
            buf.setLength(0);
        }
    }

    private void label(String name, String value) {
        buf.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> buf.append("\\\\");
                case '"' -> buf.append("\\\"");
                case '\n' -> buf.append("\\n");
                default -> buf.append(c);
            }
        }
        buf.append('"');
    }

    private void end(double v) {
        buf.append("} ");
        number(buf, v);
        buf.append('\n');
        flushIfFull();
    }

    static void number(StringBuilder b, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            b.append("+Inf");
        } else if (v == Double.NEGATIVE_INFINITY) {
            b.append("-Inf");
        } else {
            b.append(v); // NaN as "NaN", the rest as Double.toString: what the simpleclient wrote
        }
    }

    private void flushIfFull() {
        if (buf.length() >= chunkChars) {
            sink.accept(buf.toString());
            buf.setLength(0);
        }
    }
}
