package io.healthmon.setup;

import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.alert.Policy;
import io.healthmon.alert.Router;
import io.healthmon.config.Durations;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
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

    private SettingsResolver() {
    }

    /**
     * @param mailerFrom quarkus.mailer.from, the default sender of the email channels
     * @throws InvalidConfigException listing every problem, one line each naming its key
     */
    public static Settings resolve(HealthmonConfig c, String mailerFrom) {
        Problems problems = new Problems();
        Settings s = collect(c, mailerFrom, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.list());
        }
        return s;
    }

    /** Resolves what it can; a caller that finds {@code problems} non-empty must not use the result. */
    static Settings collect(HealthmonConfig c, String mailerFrom, Problems problems) {
        EndpointResolver.Endpoints endpoints = EndpointResolver.resolve(c, problems);
        ChannelResolver.Channels channels = ChannelResolver.resolve(c, mailerFrom, problems);
        Set<String> routable = channels.routable();
        Settings.Routing routing = routing(c.routing(), routable, problems);
        Policy policy = policy(c, routable, problems);

        Set<String> endpointNames = new LinkedHashSet<>();
        endpoints.endpoints().forEach(e -> endpointNames.add(e.name()));
        Set<String> windowLabels = new LinkedHashSet<>();
        endpoints.windows().forEach(w -> windowLabels.add(Durations.format(w)));
        List<Rule> rules = RuleResolver.resolve(c, endpointNames, routable, windowLabels, problems);
        Set<String> ruleNames = new LinkedHashSet<>();
        rules.forEach(r -> ruleNames.add(r.name()));
        List<MaintenanceWindow> maintenance = MaintenanceResolver.resolve(c, endpointNames, ruleNames, problems);

        HealthmonConfig.Probe probe = c.probe();
        HealthmonConfig.Delivery d = c.delivery();
        return new Settings(endpoints.endpoints(),
                new Settings.Windows(endpoints.windows(), endpoints.slots(), c.slo().window()),
                new Settings.Probing(probe.verifyTls(), probe.maxConnectionsPerHost(), probe.recoveryInterval()),
                rules, routing, channels.configured(), channels.unconfigured(), policy, maintenance,
                delivery(d, problems),
                Path.of(c.dataDir()), c.api().token().filter(t -> !t.isBlank()), silenceMaxDuration(c, problems), c.shutdown().grace());
    }

    private static Duration silenceMaxDuration(HealthmonConfig c, Problems problems) {
        Duration max = c.silences().maxDuration();
        problems.atLeast("healthmon.silences.max-duration", max, Duration.ofMinutes(1));
        return max;
    }

    private static Settings.Delivery delivery(HealthmonConfig.Delivery d, Problems problems) {
        problems.atLeast("healthmon.delivery.initial-backoff", d.initialBackoff(), Duration.ofMillis(100));
        problems.atLeast("healthmon.delivery.max-backoff", d.maxBackoff(), d.initialBackoff());
        problems.atLeast("healthmon.delivery.max-age", d.maxAge(), Duration.ofMinutes(1));
        problems.atLeast("healthmon.delivery.max-retry-after", d.maxRetryAfter(), Duration.ofSeconds(1));
        return new Settings.Delivery(d.initialBackoff(), d.maxBackoff(), d.maxAge(), d.maxRetryAfter());
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

    private static Policy policy(HealthmonConfig c, Set<String> routable, Problems problems) {
        HealthmonConfig.Repeat r = c.repeat();
        Map<Severity, Duration> repeat = bySeverity(r.p0(), r.p1(), r.p2(), r.p3());
        repeat.forEach((severity, every) ->
                problems.atLeast("healthmon.repeat." + severity.name().toLowerCase(Locale.ROOT), every, MIN_REPEAT));
        Set<Severity> escalate = EnumSet.noneOf(Severity.class);
        for (String s : c.escalation().severities()) {
            Severity v = problems.severity("healthmon.escalation.severities", s);
            if (v != null) {
                escalate.add(v);
            }
        }
        problems.channels("healthmon.escalation.channels", c.escalation().channels(), routable);
        problems.notNegative("healthmon.escalation.after", c.escalation().after());
        return new Policy(repeat, c.escalation().after(), escalate, c.escalation().channels());
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
