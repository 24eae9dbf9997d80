package io.healthmon.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint as written under {@code healthmon.endpoints.<name>}, raw; the setup stage checks it.
 * Not part of {@link HealthmonConfig}'s mapping: SmallRye looks up every map of a mapped map entry
 * by walking all property names, so 10,000 endpoints (each with headers, values and a body group)
 * took minutes to map; these are read in one pass instead (see {@code setup.EndpointsReader}).
 *
 * @param url            absolute http(s) URL; exclusive with {@code path}
 * @param path           resolved against {@code healthmon.base-url}; exclusive with {@code url}
 * @param expectedStatus accepted status codes: {@code 200}, {@code 2xx} or {@code 200-299}; default 2xx
 * @param headers        request headers, e.g. {@code Authorization: Bearer ${TOKEN}}; never logged
 * @param sloObjective   availability objective, e.g. 99.95%; default healthmon.slo.objective
 * @param values         named numbers read from the JSON body: name -> JSON pointer; {@code none} removes a default
 */
public record EndpointConfig(boolean enabled, Optional<String> url, Optional<String> path, Optional<Duration> interval,
                             Optional<Duration> timeout, Optional<List<String>> expectedStatus, Map<String, String> headers,
                             Body body, Optional<String> sloObjective, Map<String, String> values) {

    /**
     * @param enabled     check the body at all
     * @param pointer     JSON pointer of the field to compare; default {@code /status}
     * @param expected    accepted values (compared case-insensitively); default {@code UP}
     * @param requireJson a body that is not JSON is {@code invalid_body} (otherwise it skips the check)
     */
    public record Body(Optional<Boolean> enabled, Optional<String> pointer, Optional<List<String>> expected,
                       Optional<Boolean> requireJson) {
    }
}
