package io.healthmon.setup;

import io.healthmon.alert.EscalationStep;
import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.alert.Policy;
import io.healthmon.alert.Router;
import io.healthmon.config.ChannelSpec;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Stat;
import io.healthmon.rule.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole configuration, resolved and validated: what every stage is built from. Immutable;
 * made only by {@link SettingsResolver}, which reports every problem at once.
 *
 * @param unconfiguredChannels known channels without their URL, key or recipients: the log
 *                             channel stands in for them
 * @param apiToken             bearer token of the write endpoints; empty disables them. Never shown.
 * @param silenceMaxDuration   the longest a silence made through the API may last
 * @param shutdownGrace        how long a stop waits for probes and deliveries under way
 */
public record Settings(
        List<EndpointSpec> endpoints,
        Windows windows,
        Probing probing,
        List<Rule> rules,
        Routing routing,
        Map<String, ChannelSpec> channels,
        Set<String> unconfiguredChannels,
        Policy policy,
        List<MaintenanceWindow> maintenance,
        Delivery delivery,
        Path dataDir,
        Optional<String> apiToken,
        Duration silenceMaxDuration,
        Duration shutdownGrace,
        Metrics metrics,
        StatusPage statusPage) {

    public Settings {
        endpoints = List.copyOf(endpoints);
        rules = List.copyOf(rules);
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        unconfiguredChannels = Set.copyOf(unconfiguredChannels);
        maintenance = List.copyOf(maintenance);
    }

    /**
     * The sliding windows every endpoint keeps; {@code slo} is the error-budget window, one of them;
     * they are saved every {@code checkpointInterval}.
     */
    public record Windows(List<Duration> lengths, int slots, Duration slo, Duration checkpointInterval) {

        public Windows {
            lengths = List.copyOf(lengths);
        }

        /** The error-budget window's label, e.g. "30d". */
        public String sloLabel() {
            return Durations.format(slo);
        }
    }

    /**
     * What /q/metrics exports of the windows: which windows (labels, e.g. "5m") and which latency
     * quantiles (p50, p95, p99), so many endpoints need not cost every series.
     */
    public record Metrics(List<String> windows, List<Stat> quantiles) {

        public Metrics {
            windows = List.copyOf(windows);
            quantiles = List.copyOf(quantiles);
        }
    }

    /** The status page: whether it is served, its title and the endpoints it shows (names, in configured order). */
    public record StatusPage(boolean enabled, String title, List<String> endpoints) {

        public StatusPage {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** How probes are sent, beyond each endpoint's own spec. {@code eventLoops} 0: as many as the schedule needs. */
    public record Probing(boolean verifyTls, int maxConnectionsPerHost, Duration recoveryInterval, int eventLoops) {
    }

    /** Channels for rules that name none: label routes first, then by severity. */
    public record Routing(Map<Severity, List<String>> bySeverity, List<Router.LabelRoute> labelRoutes) {

        public Routing {
            Map<Severity, List<String>> copy = new EnumMap<>(Severity.class);
            bySeverity.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            bySeverity = Collections.unmodifiableMap(copy);
            labelRoutes = List.copyOf(labelRoutes);
        }
    }

    /** Retry timing of notifications. */
    public record Delivery(Duration initialBackoff, Duration maxBackoff, Duration maxAge, Duration maxRetryAfter, int maxPending) {
    }

    /** The longest probe interval: liveness allows three of them without a result. */
    public Duration longestInterval() {
        return endpoints.stream().map(EndpointSpec::interval).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** One line for check-config and the startup log: what this configuration monitors and where it pages. */
    public String summary() {
        String routes = routing.bySeverity().entrySet().stream()
                .map(e -> e.getKey() + "->" + String.join("+", e.getValue())).collect(Collectors.joining(" "));
        return endpoints.size() + " endpoint(s) " + names(endpoints.stream().map(EndpointSpec::name).toList())
                + ", " + rules.size() + " rule(s), " + channels.size() + " channel(s) " + channels.keySet()
                + (unconfiguredChannels.isEmpty() ? "" : " (not configured, the log stands in: "
                        + unconfiguredChannels.stream().sorted().toList() + ")")
                + ", routing " + routes
                + (policy.escalation().isEmpty() ? "" : ", escalation " + policy.escalation().stream()
                        .map(Settings::step).collect(Collectors.joining(" ")))
                + (maintenance.isEmpty() ? "" : ", " + maintenance.size() + " maintenance window(s)");
    }

    /** "cto(complete-outage 15m->cto, even if acknowledged)": what a step takes, after how long, to whom. */
    private static String step(EscalationStep s) {
        List<String> takes = new ArrayList<>();
        s.severities().stream().sorted().forEach(v -> takes.add(v.name()));
        takes.addAll(s.rules().stream().sorted().toList());
        return s.name() + "(" + (takes.isEmpty() ? "any" : String.join("+", takes)) + " " + Durations.format(s.after()) + "->"
                + String.join("+", s.channels()) + (s.ignoreAck() ? ", even if acknowledged" : "") + ")";
    }

    /** The first names, then how many more: 10,000 endpoints made one 70 KB log line of this summary. */
    static String names(List<String> names) {
        int shown = 20;
        return names.size() <= shown ? names.toString()
                : "[" + String.join(", ", names.subList(0, shown)) + ", ... and " + (names.size() - shown) + " more]";
    }

    /** The token is a secret: never in a log line or an error. */
    @Override
    public String toString() {
        return "Settings[" + summary() + "]";
    }
}
