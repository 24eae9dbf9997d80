package io.healthmon.setup;

import io.healthmon.config.BodyCondition;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.EndpointConfig;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.RawConfig;
import io.healthmon.config.StatusMatcher;
import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.Collections;

/**
 * healthmon.endpoints.*, .probe.*, .windows.* and .demo.* into validated endpoint specs and
 * windows, merging the runbook's four default endpoints with the user's.
 */
final class EndpointResolver {

    /** The runbook's health endpoints, with the body values they report by default. */
    public static final Map<String, Default> DEFAULTS = defaults();

    public record Default(String path, Map<String, String> values) {
    }

    /** The endpoints to probe and the windows each keeps. */
    record Endpoints(List<EndpointSpec> endpoints, List<Duration> windows, int slots) {
    }

    private static final Pattern VALUE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Duration MIN_WINDOW = Duration.ofSeconds(10);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Problems problems;
    private boolean probeTimeoutSet;
    private double defaultObjective = 0.999;

    private EndpointResolver(Problems problems) {
        this.problems = problems;
    }

    private static Map<String, Default> defaults() {
        Map<String, Default> d = new LinkedHashMap<>();
        d.put("application", new Default("/api/health", Map.of("memory", "/memory")));
        d.put("database", new Default("/api/health/database", Map.of("cpu", "/cpu")));
        d.put("auth", new Default("/api/health/auth", Map.of()));
        d.put("services", new Default("/api/health/services", Map.of()));
        return Collections.unmodifiableMap(d);
    }

    static Endpoints resolve(RawConfig config, Problems problems) {
        return new EndpointResolver(problems).doResolve(config.healthmon(), config.endpoints());
    }

    private Endpoints doResolve(HealthmonConfig c, Map<String, EndpointConfig> written) {
        HealthmonConfig.Probe probe = c.probe();
        probeTimeoutSet = probe.timeout().isPresent() || c.demo().enabled();
        defaultObjective = problems.objective("healthmon.slo.objective", c.slo().objective(), defaultObjective);
        boolean demo = c.demo().enabled();
        String baseKey = demo ? "healthmon.demo.port" : "healthmon.base-url";
        URI base = demo ? URI.create("http://127.0.0.1:" + c.demo().port()) : parseUrl("healthmon.base-url", c.baseUrl());
        if (demo && (c.demo().port() < 1 || c.demo().port() > 65535)) {
            problem(baseKey, "must be a port between 1 and 65535, got " + c.demo().port());
            base = null; // told once here, not again for every endpoint's path
        }
        Duration defaultInterval = demo ? c.demo().interval() : probe.interval();
        Duration defaultTimeout = demo ? c.demo().timeout() : probe.timeout().orElse(defaultTimeout(defaultInterval));
        String intervalKey = demo ? "healthmon.demo.interval" : "healthmon.probe.interval";
        String timeoutKey = demo ? "healthmon.demo.timeout" : "healthmon.probe.timeout";
        checkTiming(intervalKey, defaultInterval, timeoutKey, defaultTimeout);
        if (probe.maxBodyBytes() < 1024 || probe.maxBodyBytes() > 16 * 1024 * 1024) {
            problem("healthmon.probe.max-body-bytes", "must be between 1024 and 16777216, got " + probe.maxBodyBytes());
        }
        problems.within("healthmon.probe.recovery-interval", probe.recoveryInterval(), MIN_INTERVAL, MAX_INTERVAL);
        if (probe.maxConnectionsPerHost() < 1) {
            problem("healthmon.probe.max-connections-per-host", "must be at least 1, got " + probe.maxConnectionsPerHost());
        }
        probe.eventLoops().filter(n -> n < 1 || n > 64).ifPresent(n ->
                problem("healthmon.probe.event-loops", "must be between 1 and 64, got " + n));

        // Defaults first (in runbook order), then the user's own in name order.
        Set<String> names = new LinkedHashSet<>();
        if (c.defaultEndpoints()) {
            names.addAll(DEFAULTS.keySet());
        }
        names.addAll(new TreeMap<>(written).keySet());

        List<EndpointSpec> specs = new ArrayList<>();
        for (String name : names) {
            EndpointConfig e = written.get(name);
            Default d = c.defaultEndpoints() ? DEFAULTS.get(name) : null;
            if (e != null && !e.enabled()) {
                continue;
            }
            EndpointSpec spec = endpoint(name, e, d, base, defaultInterval, defaultTimeout, probe.maxBodyBytes());
            if (spec != null) {
                specs.add(spec);
            }
        }
        if (specs.isEmpty() && problems.isEmpty()) {
            problem("healthmon.endpoints", "no endpoint to probe: enable the defaults (healthmon.default-endpoints=true) or add one");
        }

        List<Duration> windows = c.windows().lengths();
        int slots = c.windows().slots();
        if (slots < 1 || slots > 120) {
            problem("healthmon.windows.slots", "must be between 1 and 120, got " + slots);
        }
        Set<Duration> seen = new HashSet<>();
        for (Duration w : windows) {
            if (w.compareTo(MIN_WINDOW) < 0 || w.compareTo(Duration.ofDays(90)) > 0) {
                problem("healthmon.windows.lengths", "each window must be between 10s and 90d, got " + Durations.format(w));
            } else if (!seen.add(w)) {
                problem("healthmon.windows.lengths", "window " + Durations.format(w) + " is listed twice");
            }
        }
        if (!windows.contains(c.slo().window())) {
            problem("healthmon.slo.window", "the error-budget window " + Durations.format(c.slo().window())
                    + " must be one of healthmon.windows.lengths");
        }
        return new Endpoints(specs, List.copyOf(windows), slots);
    }

    /** 5s, or 80 % of a short interval. */
    static Duration defaultTimeout(Duration interval) {
        Duration fifth = interval.dividedBy(5);
        Duration fit = interval.minus(fifth);
        return fit.compareTo(DEFAULT_TIMEOUT) < 0 ? fit : DEFAULT_TIMEOUT;
    }

    private EndpointSpec endpoint(String name, EndpointConfig e, Default d, URI base,
                                  Duration defaultInterval, Duration defaultTimeout, int maxBody) {
        String key = "healthmon.endpoints." + name;
        int before = problems.size();
        problems.name(key, "endpoint", name);
        Optional<String> url = e == null ? Optional.empty() : e.url();
        Optional<String> path = e == null ? Optional.empty() : e.path();
        URI target = null;
        if (url.isPresent() && path.isPresent()) {
            problem(key, "set url or path, not both");
        } else if (url.isPresent()) {
            target = parseUrl(key + ".url", url.get());
        } else if (path.isPresent() || d != null) {
            String p = path.isPresent() ? path.get() : d.path();
            if (!p.startsWith("/")) {
                problem(key + ".path", "must start with '/', got '" + p + "'");
            } else if (base != null) {
                target = parseUrl(key + ".path", stripSlash(base.toString()) + p);
            }
        } else {
            problem(key, "unknown endpoint '" + name + "': not one of the defaults " + DEFAULTS.keySet()
                    + " and no url (absolute) or path (relative to healthmon.base-url) given");
        }

        Duration interval = e == null ? defaultInterval : e.interval().orElse(defaultInterval);
        // An endpoint that only shortens its interval gets a timeout that fits it, unless one was set.
        Duration fallbackTimeout = probeTimeoutSet || e == null || e.interval().isEmpty()
                ? defaultTimeout : defaultTimeout(interval);
        Duration timeout = e == null ? defaultTimeout : e.timeout().orElse(fallbackTimeout);
        if (e != null && (e.interval().isPresent() || e.timeout().isPresent())) {
            checkTiming(key + ".interval", interval, key + ".timeout", timeout);
        }

        StatusMatcher status = StatusMatcher.SUCCESS;
        if (e != null && e.expectedStatus().isPresent()) {
            try {
                status = StatusMatcher.parse(e.expectedStatus().get());
            } catch (IllegalArgumentException ex) {
                problem(key + ".expected-status", ex.getMessage());
            }
        }

        BodyCondition body = body(key + ".body", e == null ? null : e.body());

        Map<String, String> rawValues = new TreeMap<>(d == null ? Map.of() : d.values());
        if (e != null) {
            rawValues.putAll(e.values());
        }
        Map<String, JsonPointer> values = new TreeMap<>();
        rawValues.forEach((vname, pointer) -> {
            if (pointer.equalsIgnoreCase("none")) {
                return; // removes a default value
            }
            if (!VALUE_NAME.matcher(vname).matches()) {
                problem(key + ".values." + vname, "value name must be lower-case letters, digits or '_', starting with a letter");
            }
            JsonPointer jp = pointer(key + ".values." + vname, pointer);
            if (jp != null) {
                values.put(vname, jp);
            }
        });

        Map<String, String> headers = e == null ? Map.of() : e.headers();
        headers.forEach((h, v) -> {
            if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                problem(key + ".headers." + h, "is not a valid HTTP header name");
            }
        });

        double objective = e != null && e.sloObjective().isPresent()
                ? problems.objective(key + ".slo-objective", e.sloObjective().get(), defaultObjective) : defaultObjective;
        if (problems.size() > before || target == null) {
            return null;
        }
        return new EndpointSpec(name, target, interval, timeout, status, headers, body, values, maxBody, objective);
    }

    private BodyCondition body(String key, EndpointConfig.Body b) {
        boolean enabled = b == null || b.enabled().orElse(true);
        if (!enabled) {
            return BodyCondition.NONE;
        }
        JsonPointer pointer = pointer(key + ".pointer", b == null ? "/status" : b.pointer().orElse("/status"));
        List<String> expected = b == null ? List.of("UP") : b.expected().orElse(List.of("UP"));
        Set<String> lower = new LinkedHashSet<>();
        for (String x : expected) {
            lower.add(x.toLowerCase(Locale.ROOT));
        }
        boolean requireJson = b != null && b.requireJson().orElse(false);
        return new BodyCondition(true, pointer == null ? JsonPointer.empty() : pointer, Set.copyOf(lower), requireJson);
    }

    private JsonPointer pointer(String key, String raw) {
        try {
            if (!raw.startsWith("/")) {
                throw new IllegalArgumentException("does not start with '/'");
            }
            return JsonPointer.compile(raw);
        } catch (IllegalArgumentException ex) {
            problem(key, "'" + raw + "' is not a JSON pointer (RFC 6901, e.g. /status or /checks/0/cpu)");
            return null;
        }
    }

    private void checkTiming(String intervalKey, Duration interval, String timeoutKey, Duration timeout) {
        problems.within(intervalKey, interval, MIN_INTERVAL, MAX_INTERVAL);
        if (timeout.isNegative() || timeout.isZero()) {
            problem(timeoutKey, "must be positive, got " + Durations.format(timeout));
        } else if (timeout.compareTo(interval) >= 0) {
            problem(timeoutKey, "must be shorter than the interval (" + Durations.format(interval) + "), got " + Durations.format(timeout)
                    + ": a probe must finish before the next one is due");
        }
    }

    private URI parseUrl(String key, String raw) {
        try {
            URI u = new URI(raw.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem(key, "must be an absolute http:// or https:// URL, got '" + redact(raw) + "'");
                return null;
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                problem(key, "has no host: '" + redact(raw) + "'");
                return null;
            }
            if (u.getPort() == 0 || u.getPort() > 65535) { // the URI parser takes any digits; a connect would fail on every probe
                problem(key, "port must be between 1 and 65535, got " + u.getPort() + ": '" + redact(raw) + "'");
                return null;
            }
            return u;
        } catch (URISyntaxException ex) {
            problem(key, "is not a valid URL (" + ex.getReason() + "): '" + redact(raw) + "'");
            return null;
        }
    }

    /** A URL in an error message loses its user info and query, which may hold a credential. */
    static String redact(String raw) {
        String s = raw.replaceAll("//[^/@]*@", "//***@");
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?***";
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private void problem(String key, String what) {
        problems.add(key, what);
    }
}
