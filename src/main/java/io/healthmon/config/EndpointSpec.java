package io.healthmon.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One validated endpoint, ready to probe. {@code sloObjective} is its availability objective
 * (0.999 for 99.9 %), the base of its error budget and burn rates.
 */
public record EndpointSpec(
        String name,
        URI url,
        Duration interval,
        Duration timeout,
        StatusMatcher expectedStatus,
        Map<String, String> headers,
        BodyCondition body,
        Map<String, JsonPointer> values,
        int maxBodyBytes,
        double sloObjective) {

    public EndpointSpec {
        headers = Map.copyOf(headers);
        values = Collections.unmodifiableMap(new TreeMap<>(values)); // name order, in metrics and the API
    }

    /** The URL path as shown to people (notifications, API): never the query, which may hold a token. */
    public String path() {
        return url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    }

    /**
     * The URL as shown to people and in the API: scheme, host, port and path. User info and query
     * are left out, since either may carry a credential.
     */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + path();
    }

    /** Header values may be secrets: only their names are shown. */
    @Override
    public String toString() {
        return "EndpointSpec[" + name + " " + displayUrl()
                + " every " + Durations.format(interval) + " timeout " + Durations.format(timeout) + " expect " + expectedStatus
                + " headers " + headers.keySet() + " values " + values.keySet() + "]";
    }
}
