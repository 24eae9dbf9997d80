package io.healthmon.setup;

import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.alert.Policy;
import io.healthmon.alert.Router;
import io.healthmon.config.Durations;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.config.RawConfig;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.rule.Stat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Locale;

/**
 * The one place the raw configuration ({@link HealthmonConfig}) becomes {@link Settings}: endpoints
 * and windows, channels, routing, the reminder and escalation policy, rules and maintenance
 * windows, each checked against the others, every problem collected before any is reported.
 */
public final class SettingsResolver {

    private static final Duration MIN_REPEAT = Duration.ofMinutes(1);
    /** The longest a reminder, an escalation or a delivery may wait: beyond it a value is a typo, not a plan. */
    static final Duration MAX_LONG = Duration.ofDays(30);

    private SettingsResolver() {
    }

    /**
     * @param mailerFrom quarkus.mailer.from, the default sender of the email channels
     * @throws InvalidConfigException listing every problem, one line each naming its key
     */
    public static Settings resolve(RawConfig c, String mailerFrom) {
        return resolve(c, mailerFrom, List.of());
    }

    /**
     * @param earlier problems found while reading (files, keys, values), reported with these in one list
     * @throws InvalidConfigException listing every problem, one line each naming its key
     */
    public static Settings resolve(RawConfig c, String mailerFrom, List<String> earlier) {
        Problems problems = new Problems();
        earlier.forEach(problems::line);
        Settings s = collect(c, mailerFrom, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.list());
        }
        return s;
    }

    /** Resolves what it can; a caller that finds {@code problems} non-empty must not use the result. */
    static Settings collect(RawConfig raw, String mailerFrom, Problems problems) {
        EndpointResolver.Endpoints endpoints = EndpointResolver.resolve(raw, problems);
        HealthmonConfig c = raw.healthmon();
        ChannelResolver.Channels channels = ChannelResolver.resolve(c, mailerFrom, problems);
        Set<String> routable = channels.routable();
        Settings.Routing routing = routing(c.routing(), routable, problems);

        Set<String> endpointNames = new LinkedHashSet<>();
        endpoints.endpoints().forEach(e -> endpointNames.add(e.name()));
        Set<String> windowLabels = new LinkedHashSet<>();
        endpoints.windows().forEach(w -> windowLabels.add(Durations.format(w)));
        List<Rule> rules = RuleResolver.resolve(c, endpointNames, routable, windowLabels, problems);
        Set<String> ruleNames = new LinkedHashSet<>();
        rules.forEach(r -> ruleNames.add(r.name()));
        List<MaintenanceWindow> maintenance = MaintenanceResolver.resolve(c, endpointNames, ruleNames, problems);
        Policy policy = policy(c, routable, ruleNames, problems);

        HealthmonConfig.Probe probe = c.probe();
        HealthmonConfig.Delivery d = c.delivery();
        return new Settings(endpoints.endpoints(),
                new Settings.Windows(endpoints.windows(), endpoints.slots(), c.slo().window(), checkpointInterval(c, problems)),
                new Settings.Probing(probe.verifyTls(), probe.maxConnectionsPerHost(), probe.recoveryInterval(),
                        probe.eventLoops().orElse(0)),
                rules, routing, channels.configured(), channels.unconfigured(), policy, maintenance,
                delivery(d, problems),
                Path.of(c.dataDir()), c.api().token().filter(t -> !t.isBlank()), silenceMaxDuration(c, problems), grace(c, problems),
                metrics(c.metrics(), windowLabels, problems), statusPage(c.statusPage(), endpointNames, problems));
    }

    private static Settings.StatusPage statusPage(HealthmonConfig.StatusPage p, Set<String> endpoints, Problems problems) {
        String title = p.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            problems.add("healthmon.status-page.title", "must be 1 to 200 characters, got " + title.length());
        }
        List<String> shown = new ArrayList<>();
        for (String e : p.endpoints().orElse(List.copyOf(endpoints))) {
            if (!endpoints.contains(e.trim())) {
                problems.add("healthmon.status-page.endpoints", "unknown endpoint '" + e.trim() + "'; endpoints are " + endpoints);
            } else if (!shown.contains(e.trim())) {
                shown.add(e.trim());
            }
        }
        return new Settings.StatusPage(p.enabled(), title, shown);
    }

    private static Duration checkpointInterval(HealthmonConfig c, Problems problems) {
        Duration every = c.windows().checkpointInterval();
        problems.within("healthmon.windows.checkpoint-interval", every, Duration.ofSeconds(1), Duration.ofDays(1));
        return every;
    }

    private static Settings.Metrics metrics(HealthmonConfig.Metrics m, Set<String> windows, Problems problems) {
        List<String> exported = new ArrayList<>();
        for (String w : m.windows().orElse(List.copyOf(windows))) {
            if (!windows.contains(w.trim())) {
                problems.add("healthmon.metrics.windows", "window " + w + " is not one of healthmon.windows.lengths " + windows);
            } else if (!exported.contains(w.trim())) {
                exported.add(w.trim());
            }
        }
        List<Stat> quantiles = new ArrayList<>();
        for (String q : m.quantiles()) {
            Stat s = switch (q.trim().toLowerCase(Locale.ROOT)) {
                case "p50" -> Stat.P50;
                case "p95" -> Stat.P95;
                case "p99" -> Stat.P99;
                default -> null;
            };
            if (s == null) {
                problems.add("healthmon.metrics.quantiles", "'" + q + "' is not one of p50, p95, p99");
            } else if (!quantiles.contains(s)) {
                quantiles.add(s);
            }
        }
        return new Settings.Metrics(exported, quantiles);
    }

    private static Duration grace(HealthmonConfig c, Problems problems) {
        problems.within("healthmon.shutdown.grace", c.shutdown().grace(), Duration.ZERO, Duration.ofMinutes(5));
        return c.shutdown().grace();
    }

    private static Duration silenceMaxDuration(HealthmonConfig c, Problems problems) {
        Duration max = c.silences().maxDuration();
        problems.within("healthmon.silences.max-duration", max, Duration.ofMinutes(1), Duration.ofDays(365));
        return max;
    }

    private static Settings.Delivery delivery(HealthmonConfig.Delivery d, Problems problems) {
        problems.atLeast("healthmon.delivery.initial-backoff", d.initialBackoff(), Duration.ofMillis(100));
        problems.within("healthmon.delivery.max-backoff", d.maxBackoff(), d.initialBackoff(), Duration.ofDays(1));
        problems.within("healthmon.delivery.max-age", d.maxAge(), Duration.ofMinutes(1), MAX_LONG);
        problems.within("healthmon.delivery.max-retry-after", d.maxRetryAfter(), Duration.ofSeconds(1), Duration.ofDays(1));
        if (d.maxPending() < 100 || d.maxPending() > 1_000_000) {
            problems.add("healthmon.delivery.max-pending", "must be between 100 and 1000000, got " + d.maxPending());
        }
        return new Settings.Delivery(d.initialBackoff(), d.maxBackoff(), d.maxAge(), d.maxRetryAfter(), d.maxPending());
    }

    private static Settings.Routing routing(HealthmonConfig.Routing r, Set<String> routable, Problems problems) {
        Map<Severity, List<String>> bySeverity = bySeverity(r.p0(), r.p1(), r.p2(), r.p3());
        bySeverity.forEach((severity, channels) ->
                problems.channels("healthmon.routing." + severity.name().toLowerCase(Locale.ROOT), channels, routable));
        List<Router.LabelRoute> labelRoutes = new ArrayList<>();
        new TreeMap<>(r.labels()).forEach((name, route) -> {
            String key = "healthmon.routing.labels." + name;
            if (route.match().isEmpty()) {
                problems.add(key + ".match", "a label route needs at least one label to match");
            }
            problems.channels(key + ".channels", route.channels(), routable);
            labelRoutes.add(new Router.LabelRoute(route.match(), route.channels()));
        });
        return new Settings.Routing(bySeverity, labelRoutes);
    }

    private static Policy policy(HealthmonConfig c, Set<String> routable, Set<String> rules, Problems problems) {
        HealthmonConfig.Repeat r = c.repeat();
        Map<Severity, Duration> repeat = bySeverity(r.p0(), r.p1(), r.p2(), r.p3());
        repeat.forEach((severity, every) ->
                problems.within("healthmon.repeat." + severity.name().toLowerCase(Locale.ROOT), every, MIN_REPEAT, MAX_LONG));
        problems.within("healthmon.flap.window", c.flap().window(), Duration.ZERO, Duration.ofDays(1));
        if (c.flap().max() < 1) {
            problems.add("healthmon.flap.max", c.flap().max() + " must be at least 1 (a rule may fire that often within"
                    + " healthmon.flap.window before its incident is held firing; healthmon.flap.window: 0s turns damping off)");
        }
        problems.within("healthmon.grouping.group-wait", c.grouping().groupWait(), Duration.ZERO, Duration.ofHours(1));
        return new Policy(repeat, EscalationResolver.resolve(c.escalation().steps(), rules, routable, MAX_LONG, problems),
                c.flap().window(), c.flap().max(), InhibitionResolver.groupBy(c.grouping().by(), problems),
                c.grouping().groupWait(), InhibitionResolver.resolve(c.inhibit(), problems));
    }

    /** The four keys p0..p3 of a section, by severity. */
    private static <T> Map<Severity, T> bySeverity(T p0, T p1, T p2, T p3) {
        Map<Severity, T> m = new EnumMap<>(Severity.class);
        m.put(Severity.P0, p0);
        m.put(Severity.P1, p1);
        m.put(Severity.P2, p2);
        m.put(Severity.P3, p3);
        return m;
    }
}
