package io.healthmon.setup;

import io.healthmon.config.EndpointConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@code healthmon.endpoints.<name>.*} in one pass over the property names, then each key by
 * name (SmallRye's mapping walked every name once per map of every endpoint: minutes at 10,000
 * endpoints, see {@link EndpointConfig}). Values go through the same config, so {@code ${VAR}}
 * expansion, converters and environment overrides of a written key apply as for any other key.
 */
public final class EndpointsReader {

    static final String PREFIX = "healthmon.endpoints.";

    /**
     * Every key an endpoint takes, after {@code healthmon.endpoints.<name>.} ("*": a map key), and
     * whether it is a boolean: what {@link ConfigLint} checks names against.
     */
    static final Map<String, Boolean> KEYS = keys();

    /** @param problems values that could not be converted, one line each naming the key */
    public record Read(Map<String, EndpointConfig> endpoints, List<String> problems) {
    }

    private EndpointsReader() {
    }

    private static Map<String, Boolean> keys() {
        Map<String, Boolean> k = new LinkedHashMap<>();
        k.put("enabled", true);
        for (String s : List.of("url", "path", "interval", "timeout", "expected-status", "headers.*", "slo-objective", "values.*",
                "body.pointer", "body.expected")) {
            k.put(s, false);
        }
        k.put("body.enabled", true);
        k.put("body.require-json", true);
        return Collections.unmodifiableMap(k); // in this order: the lint's "did you mean" must not vary between runs
    }

    /** What one endpoint's names showed: its prefix as written (quoted or not) and its map keys. */
    private static final class Seen {
        final String prefix;
        /** Header and value names -> the property holding each, as written. */
        final Map<String, String> headers = new TreeMap<>();
        final Map<String, String> values = new TreeMap<>();

        Seen(String prefix) {
            this.prefix = prefix;
        }
    }

    public static Read read(Config config) {
        Map<String, Seen> seen = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String rest = name.substring(PREFIX.length());
            int end = rest.startsWith("\"") ? rest.indexOf('"', 1) + 1 : rest.indexOf('.');
            if (end <= 0 || end >= rest.length() || rest.charAt(end) != '.') {
                continue; // not a key of an endpoint (ConfigLint names it)
            }
            String endpoint = unquote(rest.substring(0, end));
            String key = rest.substring(end + 1);
            Seen s = seen.computeIfAbsent(endpoint, n -> new Seen(PREFIX + rest.substring(0, end) + "."));
            if (key.startsWith("headers.")) {
                s.headers.put(unquote(key.substring("headers.".length())), name);
            } else if (key.startsWith("values.")) {
                s.values.put(unquote(key.substring("values.".length())), name);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
        seen.forEach((name, s) -> endpoints.put(name, endpoint(config, s, problems)));
        return new Read(endpoints, problems);
    }

    private static EndpointConfig endpoint(Config c, Seen s, List<String> problems) {
        Values v = new Values(c, s.prefix, problems);
        EndpointConfig.Body body = new EndpointConfig.Body(v.get("body.enabled", Boolean.class), v.get("body.pointer", String.class),
                v.list("body.expected"), v.get("body.require-json", Boolean.class));
        return new EndpointConfig(v.get("enabled", Boolean.class).orElse(true), v.get("url", String.class),
                v.get("path", String.class), v.get("interval", Duration.class), v.get("timeout", Duration.class),
                v.list("expected-status"), v.map(s.headers), body, v.get("slo-objective", String.class), v.map(s.values));
    }

    /** Reads one endpoint's keys; a value that cannot be converted is a problem and reads as absent. */
    private record Values(Config config, String prefix, List<String> problems) {

        <T> Optional<T> get(String key, Class<T> type) {
            return convert(() -> config.getOptionalValue(prefix + key, type));
        }

        Optional<List<String>> list(String key) {
            return convert(() -> config.getOptionalValues(prefix + key, String.class));
        }

        Map<String, String> map(Map<String, String> properties) {
            Map<String, String> out = new TreeMap<>();
            properties.forEach((k, property) -> convert(() -> config.getOptionalValue(property, String.class))
                    .ifPresent(value -> out.put(k, value)));
            return out;
        }

        private <T> Optional<T> convert(Supplier<Optional<T>> read) {
            try {
                return read.get();
            } catch (IllegalArgumentException | NoSuchElementException e) {
                problems.add(ConfigLoader.clean(e.getMessage()));
                return Optional.empty();
            }
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
