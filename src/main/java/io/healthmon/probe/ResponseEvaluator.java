package io.healthmon.probe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a complete HTTP answer against an endpoint's expectations: status code first, then the
 * body condition, and reads the endpoint's named values. Pure: bytes in, verdict out.
 */
public final class ResponseEvaluator {

    public record Verdict(Outcome outcome, String message, Map<String, Double> values) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseEvaluator() {
    }

    /**
     * @param truncated the body went past the endpoint's cap and was cut off
     */
    public static Verdict evaluate(EndpointSpec spec, int status, String contentType, byte[] body, boolean truncated) {
        if (truncated) {
            return new Verdict(Outcome.INVALID_BODY, "body larger than " + spec.maxBodyBytes() + " bytes", Map.of());
        }
        boolean looksJson = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        BodyCondition cond = spec.body();
        // what the body holds at each value's pointer, in the values' order, then at the condition's
        JsonNode[] found = null;
        String jsonError = null;
        if (looksJson || (cond.requireJson() && body.length > 0)) {
            try {
                found = pick(body, pointers(spec));
                if (found == null) {
                    jsonError = "empty body where JSON was expected";
                }
            } catch (IOException e) {
                jsonError = "body is not valid JSON";
            }
        }
        Map<String, Double> values = found == null ? Map.of() : readValues(spec.values(), found);

        if (!spec.expectedStatus().matches(status)) {
            return new Verdict(Outcome.HTTP_STATUS, "HTTP " + status + ", expected " + spec.expectedStatus(), values);
        }
        if (jsonError != null && (looksJson || cond.requireJson())) {
            return new Verdict(Outcome.INVALID_BODY, jsonError, values);
        }
        if (found == null) {
            if (cond.requireJson()) {
                return new Verdict(Outcome.INVALID_BODY, "body is not JSON (Content-Type "
                        + (contentType == null ? "missing" : contentType) + ")", values);
            }
            return new Verdict(Outcome.OK, "HTTP " + status, values);
        }
        if (cond.enabled()) {
            JsonNode field = found[found.length - 1];
            if (field.isMissingNode() || field.isNull()) {
                return new Verdict(Outcome.BODY_MISMATCH, "body has no " + cond.pointer() + ", expected one of "
                        + cond.expected(), values);
            }
            String actual = field.isValueNode() ? field.asText() : field.toString();
            if (!cond.expected().contains(actual.toLowerCase(Locale.ROOT))) {
                return new Verdict(Outcome.BODY_MISMATCH, cond.pointer() + " is '" + abbreviate(actual)
                        + "', expected one of " + cond.expected(), values);
            }
        }
        return new Verdict(Outcome.OK, "HTTP " + status, values);
    }

    /** The values' pointers in their (name) order, then the body condition's (null when it has none). */
    private static JsonPointer[] pointers(EndpointSpec spec) {
        JsonPointer[] all = new JsonPointer[spec.values().size() + 1];
        int i = 0;
        for (JsonPointer p : spec.values().values()) {
            all[i++] = p;
        }
        all[i] = spec.body().enabled() ? spec.body().pointer() : null;
        return all;
    }

    /**
     * Reads the body once as a stream and keeps only what lies at {@code pointers} (null ones are
     * skipped), as {@link JsonNode#at} would find it in the whole tree (missing: {@link MissingNode}).
     * A whole tree of every body, for one or two pointers, was about a fifth of the Java time an
     * answer took (a flight recording); the stream still reads the whole first value, so a body
     * that is not valid JSON is still told.
     *
     * @return null for an empty body
     */
    static JsonNode[] pick(byte[] body, JsonPointer[] pointers) throws IOException {
        JsonNode[] found = new JsonNode[pointers.length];
        JsonPointer[] rest = new JsonPointer[pointers.length];
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            int depth = 0;
            while (true) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t != JsonToken.FIELD_NAME && !take(p, t, found, pointers, rest) && t.isStructStart()) {
                    depth++; // a container no pointer leads to as a whole: read on into it
                }
                if (depth == 0 && t != JsonToken.FIELD_NAME) {
                    break; // the first value is complete: what follows is not read, as a tree reader would not
                }
                t = p.nextToken();
                if (t == null) {
                    throw new IOException("body ends inside a value");
                }
            }
        }
        for (int i = 0; i < found.length; i++) {
            found[i] = found[i] == null ? MissingNode.getInstance() : found[i];
        }
        return found;
    }

    /**
     * Keeps the value at {@code t} for each pointer that leads to it. A container some pointer
     * leads to is read whole, and the pointers that lead into it are followed in what was read.
     *
     * @return whether the value was read whole (the parser is then at its end)
     */
    private static boolean take(JsonParser p, JsonToken t, JsonNode[] found, JsonPointer[] pointers, JsonPointer[] rest)
            throws IOException {
        boolean container = t.isStructStart();
        // a container's own context is already open: where it lies is its parent's
        JsonStreamContext at = container ? p.getParsingContext().getParent() : p.getParsingContext();
        boolean wanted = false;
        for (int i = 0; i < pointers.length; i++) {
            rest[i] = pointers[i] == null ? null : rest(at, pointers[i]);
            wanted |= rest[i] != null && rest[i].matches();
        }
        if (!wanted) {
            return false;
        }
        JsonNode node = node(p, t);
        for (int i = 0; i < pointers.length; i++) {
            if (rest[i] != null && (rest[i].matches() || container)) {
                found[i] = node.at(rest[i]);
            }
        }
        return container;
    }

    /** What is left of {@code pointer} once it has led to {@code at}; null if it leads elsewhere. */
    private static JsonPointer rest(JsonStreamContext at, JsonPointer pointer) {
        if (at.inRoot()) {
            return pointer;
        }
        JsonPointer rest = rest(at.getParent(), pointer);
        if (rest == null || rest.matches()) {
            return null;
        }
        if (at.inObject()) {
            return rest.getMatchingProperty().equals(at.getCurrentName()) ? rest.tail() : null;
        }
        return rest.getMatchingIndex() == at.getCurrentIndex() ? rest.tail() : null;
    }

    /** The node a tree reader would have made of the value at {@code t} (a container is read whole). */
    private static JsonNode node(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return IntNode.valueOf(p.getIntValue());
                    case LONG:
                        return LongNode.valueOf(p.getLongValue());
                    default:
                        return BigIntegerNode.valueOf(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return DoubleNode.valueOf(p.getDoubleValue());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.getInstance();
            default:
                return JSON.readTree(p);
        }
    }

    private static Map<String, Double> readValues(Map<String, JsonPointer> pointers, JsonNode[] found) {
        if (pointers.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new TreeMap<>();
        Iterator<String> names = pointers.keySet().iterator();
        for (int i = 0; names.hasNext(); i++) {
            String name = names.next();
            JsonNode n = found[i];
            if (n.isNumber()) {
                out.put(name, n.doubleValue());
            } else if (n.isTextual()) {
                try {
                    out.put(name, Double.parseDouble(n.asText().trim().replace("%", "")));
                } catch (NumberFormatException ignored) {
                    // not a number: the value is simply absent from this result
                }
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
