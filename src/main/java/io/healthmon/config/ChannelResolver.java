package io.healthmon.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns healthmon.channels.* into channel specs. The runbook's four channels exist by default and
 * are configured once given their secret; a channel without one is listed as unconfigured (its
 * notifications go to the log channel). Problems are added to the caller's list, one line each.
 */
final class ChannelResolver {

    static final Map<String, ChannelSpec.Type> DEFAULTS = defaults();

    /** @param declared every channel name known, valid or not (routing may name any of them) */
    record Channels(Map<String, ChannelSpec> configured, Set<String> unconfigured, Set<String> declared) {
    }

    private ChannelResolver() {
    }

    private static Map<String, ChannelSpec.Type> defaults() {
        Map<String, ChannelSpec.Type> d = new LinkedHashMap<>();
        d.put("slack-alerts", ChannelSpec.Type.SLACK);
        d.put("slack-critical", ChannelSpec.Type.SLACK);
        d.put("pagerduty", ChannelSpec.Type.PAGERDUTY);
        d.put("email", ChannelSpec.Type.EMAIL);
        d.put("team-lead", ChannelSpec.Type.EMAIL);
        return java.util.Collections.unmodifiableMap(d);
    }

    static Channels resolve(HealthmonConfig c, String mailerFrom, List<String> problems) {
        Set<String> names = new LinkedHashSet<>(DEFAULTS.keySet());
        names.addAll(new TreeMap<>(c.channels()).keySet());
        Map<String, ChannelSpec> configured = new LinkedHashMap<>();
        Set<String> unconfigured = new LinkedHashSet<>();
        for (String name : names) {
            String key = "healthmon.channels." + name;
            HealthmonConfig.Channel ch = c.channels().get(name);
            if (name.equals("log")) {
                problems.add(key + ": 'log' is the built-in log channel and takes no configuration");
                continue;
            }
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
                problems.add(key + ": channel name must be lower-case letters, digits, '-' or '_' (it becomes a metric label)");
                continue;
            }
            ChannelSpec.Type type;
            Optional<String> rawType = ch == null ? Optional.empty() : ch.type();
            if (rawType.isPresent()) {
                try {
                    type = ChannelSpec.Type.valueOf(rawType.get().trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(key + ".type: unknown channel type '" + rawType.get()
                            + "'; expected slack, pagerduty, email, webhook or alertmanager");
                    continue;
                }
            } else if (DEFAULTS.containsKey(name)) {
                type = DEFAULTS.get(name);
            } else {
                problems.add(key + ".type: needed for a channel that is not one of the defaults " + DEFAULTS.keySet());
                continue;
            }
            if (ch == null) {
                unconfigured.add(name);
                continue;
            }
            int before = problems.size();
            URI url = ch.url().map(u -> url(key + ".url", u, problems)).orElse(null);
            String routingKey = ch.routingKey().map(String::trim).orElse(null);
            List<String> to = ch.to().orElse(List.of());
            switch (type) {
                case SLACK, WEBHOOK, ALERTMANAGER -> {
                    if (ch.url().isEmpty()) {
                        unconfigured.add(name);
                        continue;
                    }
                }
                case PAGERDUTY -> {
                    if (routingKey == null || routingKey.isEmpty()) {
                        unconfigured.add(name);
                        continue;
                    }
                    if (routingKey.length() != 32) {
                        problems.add(key + ".routing-key: a PagerDuty Events v2 integration key has 32 characters, got "
                                + routingKey.length());
                    }
                    if (url == null) {
                        url = URI.create("https://events.pagerduty.com/v2/enqueue");
                    }
                }
                case EMAIL -> {
                    if (to.isEmpty()) {
                        unconfigured.add(name);
                        continue;
                    }
                    for (String addr : to) {
                        if (!addr.matches("[^@\\s]+@[^@\\s]+")) {
                            problems.add(key + ".to: '" + addr + "' is not an email address");
                        }
                    }
                }
                default -> {
                }
            }
            if (ch.timeout().isNegative() || ch.timeout().isZero()) {
                problems.add(key + ".timeout: must be positive, got " + Durations.format(ch.timeout()));
            }
            if (problems.size() == before) {
                configured.put(name, new ChannelSpec(name, type, url, routingKey, to, ch.from().orElse(mailerFrom),
                        ch.headers(), ch.timeout()));
            }
        }
        return new Channels(configured, unconfigured, names);
    }

    private static URI url(String key, String raw, List<String> problems) {
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
        problems.add(key + ": must be an absolute http:// or https:// URL (value not shown: it may be a secret)");
        return null;
    }

}
