package io.healthmon.config;

import java.util.ArrayList;
import java.util.List;

/** The set of HTTP status codes an endpoint is expected to answer with. */
public record StatusMatcher(List<Range> ranges) {

    public record Range(int from, int to) {
    }

    public static final StatusMatcher SUCCESS = new StatusMatcher(List.of(new Range(200, 299)));

    public boolean matches(int status) {
        for (Range r : ranges) {
            if (status >= r.from && status <= r.to) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code 200}, {@code 2xx} or {@code 200-204}.
     *
     * @throws IllegalArgumentException naming the entry and the accepted forms
     */
    public static StatusMatcher parse(List<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("needs at least one status code");
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim().toLowerCase();
            Range r;
            if (e.matches("[1-5]xx")) {
                int c = (e.charAt(0) - '0') * 100;
                r = new Range(c, c + 99);
            } else if (e.matches("\\d{3}")) {
                int c = Integer.parseInt(e);
                r = new Range(c, c);
            } else if (e.matches("\\d{3}-\\d{3}")) {
                r = new Range(Integer.parseInt(e.substring(0, 3)), Integer.parseInt(e.substring(4)));
            } else {
                r = null;
            }
            if (r == null || r.from < 100 || r.to > 599 || r.from > r.to) {
                throw new IllegalArgumentException("'" + raw + "' is not a status code; expected e.g. 200, 2xx or 200-299");
            }
            ranges.add(r);
        }
        return new StatusMatcher(List.copyOf(ranges));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(r.from == r.to ? String.valueOf(r.from)
                    : r.to - r.from == 99 && r.from % 100 == 0 ? r.from / 100 + "xx" : r.from + "-" + r.to);
        }
        return b.toString();
    }
}
