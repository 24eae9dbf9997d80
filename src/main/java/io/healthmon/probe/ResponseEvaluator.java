package io.healthmon.probe;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import java.io.IOException;
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
        JsonNode json = null;
        String jsonError = null;
        if (looksJson || (spec.body().requireJson() && body.length > 0)) {
            try {
                json = JSON.readTree(body);
                if (json == null || json.isMissingNode()) {
                    jsonError = "empty body where JSON was expected";
                    json = null;
                }
            } catch (IOException e) {
                jsonError = "body is not valid JSON";
            }
        }
        Map<String, Double> values = json == null ? Map.of() : readValues(spec.values(), json);

        if (!spec.expectedStatus().matches(status)) {
            return new Verdict(Outcome.HTTP_STATUS, "HTTP " + status + ", expected " + spec.expectedStatus(), values);
        }
        BodyCondition cond = spec.body();
        if (jsonError != null && (looksJson || cond.requireJson())) {
            return new Verdict(Outcome.INVALID_BODY, jsonError, values);
        }
        if (json == null) {
            if (cond.requireJson()) {
                return new Verdict(Outcome.INVALID_BODY, "body is not JSON (Content-Type "
                        + (contentType == null ? "missing" : contentType) + ")", values);
            }
            return new Verdict(Outcome.OK, "HTTP " + status, values);
        }
        if (cond.enabled()) {
            JsonNode field = json.at(cond.pointer());
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

    private static Map<String, Double> readValues(Map<String, JsonPointer> pointers, JsonNode json) {
        if (pointers.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new TreeMap<>();
        pointers.forEach((name, pointer) -> {
            JsonNode n = json.at(pointer);
            if (n.isNumber()) {
                out.put(name, n.doubleValue());
            } else if (n.isTextual()) {
                try {
                    out.put(name, Double.parseDouble(n.asText().trim().replace("%", "")));
                } catch (NumberFormatException ignored) {
                    // not a number: the value is simply absent from this result
                }
            }
        });
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
