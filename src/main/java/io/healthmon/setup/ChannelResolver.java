package io.healthmon.setup;

import io.healthmon.config.ChannelSpec;
import io.healthmon.config.Durations;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.ChannelTypes;
import io.healthmon.notify.webhook.AlertmanagerSender;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * healthmon.channels.* into channel specs. The runbook's channels exist by default and are
 * configured once given their secret; a channel without one is listed as unconfigured (its
 * notifications go to the log channel). What a type needs is its {@link ChannelType}'s to say.
 */
final class ChannelResolver {

    /** The log channel: always there, takes no configuration. */
    static final String LOG = "log";

    static final Map<String, String> DEFAULTS = defaults();

    /** @param declared every channel name known, valid or not (routing may name any of them) */
    record Channels(Map<String, ChannelSpec> configured, Set<String> unconfigured, Set<String> declared) {

        /** Every name routing may use: the declared channels, then the log channel. */
        Set<String> routable() {
            Set<String> all = new LinkedHashSet<>(declared);
            all.add(LOG);
            return all;
        }
    }

    private ChannelResolver() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("slack-alerts", "slack");
        d.put("slack-critical", "slack");
        d.put("pagerduty", "pagerduty");
        d.put("email", "email");
        d.put("team-lead", "email");
        d.put("platform-lead", "email");
        d.put("cto", "email");
        return Collections.unmodifiableMap(d);
    }

    static Channels resolve(HealthmonConfig c, String mailerFrom, Problems problems) {
        Set<String> names = new LinkedHashSet<>(DEFAULTS.keySet());
        names.addAll(new TreeMap<>(c.channels()).keySet());
        Map<String, ChannelSpec> configured = new LinkedHashMap<>();
        Set<String> unconfigured = new LinkedHashSet<>();
        Map<String, String> instance = instanceLabel(c.instanceLabel(), problems);
        for (String name : names) {
            String key = "healthmon.channels." + name;
            HealthmonConfig.Channel ch = c.channels().get(name);
            if (name.equals(LOG)) {
                problems.add(key, "'log' is the built-in log channel and takes no configuration");
                continue;
            }
            if (!problems.name(key, "channel", name)) {
                continue;
            }
            ChannelType type = type(key, name, ch == null ? Optional.empty() : ch.type(), problems);
            if (type == null) {
                continue;
            }
            if (ch == null) {
                unconfigured.add(name);
                continue;
            }
            int before = problems.size();
            URI url = ch.url().map(u -> url(key + ".url", u, problems)).orElse(null);
            ChannelSpec spec = new ChannelSpec(name, type.key(), url, ch.routingKey().orElse(null), ch.to().orElse(List.of()),
                    ch.from().orElse(mailerFrom), ch.headers(), ch.timeout(), ch.dedupKey().map(String::trim).orElse(null),
                    instance);
            if (spec.dedupKey() != null && !type.key().equals("pagerduty")) {
                problems.add(key + ".dedup-key", "only a pagerduty channel has a dedup key; " + name + " is " + type.key());
            }
            if (!type.configured(spec)) {
                if (problems.size() == before) {
                    unconfigured.add(name);
                }
                continue;
            }
            type.check(spec).forEach(p -> problems.add(key + "." + p.substring(0, p.indexOf(':')),
                    p.substring(p.indexOf(':') + 1).trim()));
            if (ch.timeout().isNegative() || ch.timeout().isZero()) {
                problems.add(key + ".timeout", "must be positive, got " + Durations.format(ch.timeout()));
            }
            if (problems.size() == before) {
                configured.put(name, spec);
            }
        }
        return new Channels(configured, unconfigured, names);
    }

    /** healthmon.instance-label: "name=value", a Prometheus label name and a value; empty when not set. */
    static Map<String, String> instanceLabel(Optional<String> raw, Problems problems) {
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Map.of();
        }
        String key = "healthmon.instance-label";
        String s = raw.get().trim();
        int eq = s.indexOf('=');
        String name = eq < 0 ? s : s.substring(0, eq).trim();
        String value = eq < 0 ? "" : s.substring(eq + 1).trim();
        if (eq < 0 || value.isEmpty() || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            problems.add(key, "expected name=value with a Prometheus label name (e.g. replica=a), got '" + s + "'");
            return Map.of();
        }
        if (AlertmanagerSender.OWN_LABELS.contains(name)) {
            problems.add(key, "'" + name + "' is a label healthmon sets itself; choose another name (e.g. replica)");
            return Map.of();
        }
        return Map.of(name, value);
    }

    private static ChannelType type(String key, String name, Optional<String> raw, Problems problems) {
        if (raw.isEmpty()) {
            if (DEFAULTS.containsKey(name)) {
                return ChannelTypes.ALL.get(DEFAULTS.get(name));
            }
            problems.add(key + ".type", "needed for a channel that is not one of the defaults " + DEFAULTS.keySet());
            return null;
        }
        ChannelType t = ChannelTypes.ALL.get(raw.get().trim().toLowerCase(Locale.ROOT));
        if (t == null) {
            List<String> known = List.copyOf(ChannelTypes.ALL.keySet());
            problems.add(key + ".type", "unknown channel type '" + raw.get() + "'; expected "
                    + String.join(", ", known.subList(0, known.size() - 1)) + " or " + known.get(known.size() - 1));
        }
        return t;
    }

    private static URI url(String key, String raw, Problems problems) {
        try {
            URI u = new URI(raw.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        // The URL may be a secret (a Slack webhook is): say what is wrong without repeating it.
        problems.add(key, "must be an absolute http:// or https:// URL (value not shown: it may be a secret)");
        return null;
    }
}
