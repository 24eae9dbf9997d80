package io.healthmon.alert;

import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which channels an incident goes to: the rule's own channels, or its severity's. A channel that is
 * not configured is replaced by the log channel, so nothing is silently dropped.
 */
public final class Router {

    public static final String LOG = "log";

    private final Map<Severity, List<String>> bySeverity;
    private final Set<String> configured;
    private final Map<String, Duration> refresh;
    private final List<LabelRoute> labelRoutes;

    /** Rules carrying all of {@code match} go to {@code channels} (before severity routing). */
    public record LabelRoute(Map<String, String> match, List<String> channels) {

        public LabelRoute {
            match = Map.copyOf(match);
            channels = List.copyOf(channels);
        }
    }

    /**
     * @param bySeverity  channels for rules that name none and match no label route
     * @param labelRoutes tried in order before the severity routes
     * @param configured  channels that can deliver (the log channel always can)
     * @param refresh     channels that need firing alerts re-sent at least this often (Alertmanager)
     */
    public Router(Map<Severity, List<String>> bySeverity, List<LabelRoute> labelRoutes, Set<String> configured,
                  Map<String, Duration> refresh) {
        this.bySeverity = new EnumMap<>(Severity.class);
        this.bySeverity.putAll(bySeverity);
        this.labelRoutes = List.copyOf(labelRoutes);
        this.configured = Set.copyOf(configured);
        this.refresh = Map.copyOf(refresh);
    }

    /** The channels a rule asks for: its own, else the first label route it matches, else its severity's. */
    private List<String> wanted(Rule rule) {
        if (!rule.channels().isEmpty()) {
            return rule.channels();
        }
        for (LabelRoute r : labelRoutes) {
            if (rule.labels().entrySet().containsAll(r.match().entrySet())) {
                return r.channels();
            }
        }
        return bySeverity.getOrDefault(rule.severity(), List.of());
    }

    /** The channel itself if it can deliver, else the log channel. */
    public String deliverable(String channel) {
        return channel.equals(LOG) || configured.contains(channel) ? channel : LOG;
    }

    public Optional<Duration> refreshEvery(String channel) {
        return Optional.ofNullable(refresh.get(channel));
    }

    public List<String> route(Rule rule) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : wanted(rule)) {
            out.add(deliverable(c));
        }
        if (out.isEmpty()) {
            out.add(LOG);
        }
        return new ArrayList<>(out);
    }

    /** Channels some rule routes to that cannot deliver: reported at startup. */
    public Set<String> unconfigured(List<Rule> rules) {
        Set<String> missing = new LinkedHashSet<>();
        for (Rule r : rules) {
            for (String c : wanted(r)) {
                if (!c.equals(LOG) && !configured.contains(c)) {
                    missing.add(c);
                }
            }
        }
        return missing;
    }
}
