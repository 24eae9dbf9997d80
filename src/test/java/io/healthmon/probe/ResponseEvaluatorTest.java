package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthmon.TestSpecs;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body is read as a stream for the pointers an endpoint asks about; what it finds must be
 * what {@link JsonNode#at} finds in the whole tree, which is how the body was read before.
 */
class ResponseEvaluatorTest {

    private static final ObjectMapper TREE = new ObjectMapper();

    private static final List<String> POINTERS = List.of("", "/status", "/cpu", "/db", "/db/cpu", "/db/load/1", "/list/0",
            "/list/2/x", "/list/9", "/0", "/a~1b", "/m~0n", "/deep/a/b/c", "/missing", "/status/x", "/list/-");

    private static JsonNode[] pick(String body, List<String> pointers) throws IOException {
        return ResponseEvaluator.pick(body.getBytes(StandardCharsets.UTF_8),
                pointers.stream().map(JsonPointer::compile).toArray(JsonPointer[]::new));
    }

    private static void assertSameAsTree(String body) throws IOException {
        JsonNode tree = TREE.readTree(body);
        JsonNode[] picked = pick(body, POINTERS);
        for (int i = 0; i < POINTERS.size(); i++) {
            assertEquals(tree.at(POINTERS.get(i)), picked[i], "pointer '" + POINTERS.get(i) + "' in " + body);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\":\"UP\",\"cpu\":12.5}",
        "{\"cpu\":\"85%\",\"status\":{\"x\":1}}",
        "{\"db\":{\"cpu\":91,\"load\":[0.5,1.5,2.5]},\"status\":null}",
        "{\"list\":[1,{\"y\":2},{\"x\":[true,false]}],\"0\":\"zero\"}",
        "{\"a/b\":1,\"m~n\":2,\"deep\":{\"a\":{\"b\":{\"c\":\"found\"}}}}",
        "[\"first\",{\"x\":1}]",
        "42",
        "\"just text\"",
        "null",
        "{\"big\":123456789012345678901234567890,\"cpu\":9007199254740993,\"db\":-1e-3}",
        "{\"status\":\"UP\"} trailing words are not read"})
    void findsWhatTheTreeFinds(String body) throws IOException {
        assertSameAsTree(body);
    }

    @Test
    void findsWhatTheTreeFindsInRandomDocuments() throws IOException {
        Random r = new Random(7);
        for (int n = 0; n < 500; n++) {
            assertSameAsTree(TREE.writeValueAsString(TREE.readTree(random(r, 0))));
        }
    }

    /** A random JSON value whose keys and indices the pointers above use. */
    private static String random(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(4) : r.nextInt(6);
        switch (kind) {
            case 0:
                return Integer.toString(r.nextInt(200) - 100);
            case 1:
                return Double.toString(r.nextDouble() * 100);
            case 2:
                return "\"" + List.of("UP", "down", "12.5", "85 %", "").get(r.nextInt(5)) + "\"";
            case 3:
                return List.of("true", "false", "null").get(r.nextInt(3));
            case 4: {
                List<String> items = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    items.add(random(r, depth + 1));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                List<String> keys = List.of("status", "cpu", "db", "load", "list", "x", "0", "a/b", "m~n", "deep", "a", "b", "c");
                List<String> fields = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    fields.add("\"" + keys.get(r.nextInt(keys.size())) + "\":" + random(r, depth + 1));
                }
                return "{" + String.join(",", fields) + "}";
            }
        }
    }

    @Test
    void anEmptyBodyIsToldApart() throws IOException {
        assertNull(pick("", POINTERS));
        assertNull(pick("  \n", POINTERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\":\"UP\"", "{\"status\":}", "<html>oops</html>", "[1,2", "{\"a\":1,}"})
    void invalidJsonIsAnErrorEvenPastWhatWasAskedFor(String body) {
        assertThrows(IOException.class, () -> pick(body, List.of("/status")));
    }

    private static EndpointSpec spec(BodyCondition body, Map<String, String> values) {
        return TestSpecs.withHeadersAndValues(TestSpecs.withBody(TestSpecs.endpoint("api", "http://127.0.0.1/h"), body),
                Map.of(), values);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "up, values read                | {\"status\":\"up\",\"cpu\":12.5,\"mem\":\"85%\"} | OK            | HTTP 200                                     | {cpu=12.5, mem=85.0}",
        "status a number                | {\"status\":1,\"cpu\":2}                          | BODY_MISMATCH | /status is '1', expected one of [up]         | {cpu=2.0}",
        "status an object               | {\"status\":{\"a\":[1]}}                          | BODY_MISMATCH | /status is '{\"a\":[1]}', expected one of [up] | {}",
        "status null                    | {\"status\":null,\"cpu\":\"n/a\"}                 | BODY_MISMATCH | body has no /status, expected one of [up]    | {}",
        "invalid after the values       | {\"status\":\"up\",\"cpu\":1,                     | INVALID_BODY  | body is not valid JSON                       | {}"})
    void theBodyDecidesAndReportsValues(String what, String body, Outcome outcome, String message, String values) {
        EndpointSpec spec = spec(TestSpecs.STATUS_UP, Map.of("cpu", "/cpu", "mem", "/mem"));
        ResponseEvaluator.Verdict v = ResponseEvaluator.evaluate(spec, 200, "application/json",
                body.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(outcome, v.outcome(), v.message());
        assertEquals(message, v.message());
        assertEquals(values, v.values().toString());
    }

    @Test
    void withoutABodyConditionValuesAreStillRead() {
        EndpointSpec spec = spec(BodyCondition.NONE, Map.of("cpu", "/db/cpu"));
        ResponseEvaluator.Verdict v = ResponseEvaluator.evaluate(spec, 200, "application/json",
                "{\"db\":{\"cpu\":81}}".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Outcome.OK, v.outcome());
        assertEquals(Map.of("cpu", 81.0), v.values());
    }

    @Test
    void aConditionOnTheWholeBodyStillFindsTheValuesInside() {
        EndpointSpec spec = spec(new BodyCondition(true, JsonPointer.empty(), Set.of("{\"cpu\":5}"), false), Map.of("cpu", "/cpu"));
        ResponseEvaluator.Verdict v = ResponseEvaluator.evaluate(spec, 200, "application/json",
                "{\"cpu\":5}".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(Outcome.OK, v.outcome(), v.message());
        assertEquals(Map.of("cpu", 5.0), v.values());
    }
}
