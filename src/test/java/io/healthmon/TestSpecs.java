package io.healthmon;

import com.fasterxml.jackson.core.JsonPointer;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.StatusMatcher;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Endpoint specs for tests, with the production defaults unless a test says otherwise. */
public final class TestSpecs {

    public static final BodyCondition STATUS_UP = new BodyCondition(true, JsonPointer.compile("/status"), Set.of("up"), false);

    private TestSpecs() {
    }

    public static EndpointSpec endpoint(String name, String url) {
        return new EndpointSpec(name, URI.create(url), Duration.ofSeconds(10), Duration.ofSeconds(5),
                StatusMatcher.SUCCESS, Map.of(), STATUS_UP, Map.of(), 65536, 0.999);
    }

    public static EndpointSpec withTimeout(EndpointSpec s, Duration timeout) {
        return new EndpointSpec(s.name(), s.url(), s.interval(), timeout, s.expectedStatus(), s.headers(), s.body(),
                s.values(), s.maxBodyBytes(), s.sloObjective());
    }

    public static EndpointSpec withInterval(EndpointSpec s, Duration interval) {
        return new EndpointSpec(s.name(), s.url(), interval, s.timeout(), s.expectedStatus(), s.headers(), s.body(),
                s.values(), s.maxBodyBytes(), s.sloObjective());
    }

    public static EndpointSpec withBody(EndpointSpec s, BodyCondition body) {
        return new EndpointSpec(s.name(), s.url(), s.interval(), s.timeout(), s.expectedStatus(), s.headers(), body,
                s.values(), s.maxBodyBytes(), s.sloObjective());
    }

    public static EndpointSpec withHeadersAndValues(EndpointSpec s, Map<String, String> headers, Map<String, String> values) {
        Map<String, JsonPointer> pointers = new java.util.TreeMap<>();
        values.forEach((k, v) -> pointers.put(k, JsonPointer.compile(v)));
        return new EndpointSpec(s.name(), s.url(), s.interval(), s.timeout(), s.expectedStatus(), headers, s.body(),
                pointers, s.maxBodyBytes(), s.sloObjective());
    }
}
