package io.healthmon.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.smallrye.config.WithName;

/**
 * Every {@code healthmon.*} key. Raw as written by the user; {@link EndpointResolver} turns it into
 * validated {@link EndpointSpec}s and reports every problem at once.
 */
@ConfigMapping(prefix = "healthmon")
public interface HealthmonConfig {

    /** The platform's base URL; endpoint paths are resolved against it. */
    @WithDefault("http://localhost:3000")
    String baseUrl();

    /** Whether the runbook's four endpoints are probed (each can still be tuned or disabled). */
    @WithDefault("true")
    boolean defaultEndpoints();

    Probe probe();

    // healthmon.endpoints.<name>.* is not mapped here: EndpointsReader reads it (see EndpointConfig).

    Windows windows();

    Slo slo();

    /** The availability objective every endpoint is held to, and its error-budget window. */
    interface Slo {
        @WithDefault("99.9%")
        String objective();

        @WithDefault("30d")
        Duration window();
    }

    /** Where pending notifications and open incidents are kept across restarts. */
    @WithDefault("data")
    String dataDir();

    Delivery delivery();

    /**
     * Alert channels by name. slack-alerts, slack-critical (slack), pagerduty and email exist by
     * default and are configured by giving their url, routing-key or to.
     */
    Map<String, Channel> channels();

    /**
     * A label every alert sent to an Alertmanager or webhook channel carries, "name=value" (e.g.
     * replica=a); none by default, so that replicas send identical alerts Alertmanager merges.
     */
    Optional<String> instanceLabel();

    Routing routing();

    /** Recurring maintenance windows by name: matching incidents are silenced while one runs. */
    Map<String, Maintenance> maintenance();

    Api api();

    Silences silences();

    Shutdown shutdown();

    State state();

    Flap flap();

    Grouping grouping();

    Metrics metrics();

    StatusPage statusPage();

    /** The status page at / and /status. */
    interface StatusPage {
        /** false: / and /status answer 404. */
        @WithDefault("true")
        boolean enabled();

        /** Its heading and the window's title. */
        @WithDefault("Platform status")
        String title();

        /** The endpoints it shows (names); default every endpoint. */
        Optional<List<String>> endpoints();
    }

    /** What /q/metrics exports of the windows. */
    interface Metrics {
        /** Windows exported as gauges (labels of healthmon.windows.lengths); default every window. */
        Optional<List<String>> windows();

        /** Latency quantiles exported: p50, p95, p99. */
        @WithDefault("p50,p95,p99")
        List<String> quantiles();
    }

    /**
     * Inhibition rules by name (Alertmanager's semantics): while an incident matching source
     * fires, incidents matching target with the same equal labels are tracked but not notified.
     * complete-outage and page-over-ticket exist by default; enabled: false turns one off.
     */
    Map<String, Inhibit> inhibit();

    /** Which incidents are told together on a channel (Alertmanager's group_by and group_wait). */
    interface Grouping {
        /** Labels whose values make a group: endpoint, rule, severity or a rule label. */
        @WithDefault("endpoint")
        List<String> by();

        /** How long a new group waits for more incidents before its first message. */
        @WithDefault("0s")
        Duration groupWait();
    }

    interface Inhibit {
        Optional<Boolean> enabled();

        /** Label -> regular expression over its whole value (rule, endpoint, severity, rule labels). */
        Map<String, String> source();

        Map<String, String> target();

        /** Labels source and target must have the same value of; default none. */
        Optional<List<String>> equal();
    }

    interface Flap {
        /** Within this window... (0s: no flap damping). */
        @WithDefault("10m")
        Duration window();

        /** ...a rule may fire this often on one endpoint; at the next clear its incident is held firing. */
        @WithDefault("2")
        int max();
    }

    interface State {
        /**
         * Fault injection for crash tests: each state write waits this long first and says so in the
         * log, so a test can kill the process between two writes. Zero (off) in production.
         */
        @WithDefault("0s")
        Duration writeDelay();
    }

    interface Shutdown {
        /** How long a stop waits for probes and deliveries under way. */
        @WithDefault("10s")
        Duration grace();
    }

    interface Silences {
        /** The longest a silence made through the API may last. */
        @WithDefault("30d")
        Duration maxDuration();
    }

    interface Api {
        /** Bearer token for the write endpoints (silences); without it they are disabled. Never shown. */
        Optional<String> token();
    }

    interface Maintenance {
        /** MON..SUN; default every day. */
        @WithDefault("MON,TUE,WED,THU,FRI,SAT,SUN")
        List<String> days();

        /** Local start time, HH:mm. */
        String start();

        Duration duration();

        /** Time zone of start, e.g. Europe/Berlin. */
        @WithDefault("UTC")
        String zone();

        Optional<List<String>> endpoints();

        Optional<List<String>> rules();

        Optional<List<String>> severities();
    }

    /** How often a still-firing incident is notified again, by severity. */
    Repeat repeat();

    /** The runbook's escalation matrix: who hears of an incident still firing after a while. */
    Escalation escalation();

    interface Repeat {
        @WithDefault("15m")
        Duration p0();

        @WithDefault("1h")
        Duration p1();

        @WithDefault("4h")
        Duration p2();

        @WithDefault("24h")
        Duration p3();
    }

    interface Escalation {
        /**
         * Steps by name. team-lead, platform-lead and cto exist by default (the runbook's matrix);
         * a user's step of the same name changes only the keys it sets, enabled: false turns it off.
         */
        Map<String, Step> steps();
    }

    interface Step {
        Optional<Boolean> enabled();

        /** How long the incident must have been firing. */
        Optional<Duration> after();

        /** Severities it takes (P0-P3); default any. */
        Optional<List<String>> severities();

        /** Rules it takes; default any. */
        Optional<List<String>> rules();

        /** Where it is told (channel names). */
        Optional<List<String>> channels();

        /** Whether it escalates an acknowledged incident too (default false; the default cto step: true). */
        Optional<Boolean> ignoreAck();
    }

    /**
     * Alerting rules by name: the defaults' overrides (threshold, window, severity, channels, ...)
     * and any added rule. A new rule needs exactly one of stat, value, down-after, outage-after.
     */
    Map<String, RuleConfig> rules();

    interface RuleConfig {
        Optional<Boolean> enabled();

        /** P0, P1, P2 or P3. */
        Optional<String> severity();

        /** How long the condition must hold before the rule fires. */
        @WithName("for")
        Optional<Duration> forDuration();

        /** How long the condition must stay clear before a firing rule resolves. */
        Optional<Duration> keepFiringFor();

        /** Endpoints watched; default all. */
        Optional<List<String>> endpoints();

        Map<String, String> labels();

        /** Channels named directly; default: routed by severity. */
        Optional<List<String>> channels();

        /** A window statistic: p50, p95, p99, error-ratio or availability. */
        Optional<String> stat();

        /** The window the statistic breaches on, e.g. 5m. */
        Optional<String> window();

        /** The window it clears on; default 1m. */
        Optional<String> resolveWindow();

        /** above or below; default below for availability, above otherwise. */
        Optional<String> op();

        /** 2s or 500ms for latency, 1% or 0.01 for ratios, a number for values. */
        Optional<String> threshold();

        /** Failed probes the window must hold before a ratio breaches. */
        Optional<Long> minFailures();

        /** Probes the window must hold before a latency quantile breaches. */
        Optional<Long> minProbes();

        /**
         * How much of the (long) window must hold data before the rule fires; default 0s, and
         * for a burn-rate rule its short window's length.
         */
        Optional<Duration> minCoverage();

        /** A body value (e.g. cpu) compared with the threshold. */
        Optional<String> value();

        /** Fires when the error budget burns faster than this factor over window and short-window. */
        Optional<Double> burnRate();

        /** The second, shorter window of a burn-rate rule. */
        Optional<String> shortWindow();

        /** Fires after this many consecutive failed probes of an endpoint. */
        Optional<Integer> downAfter();

        /** Fires when every watched endpoint has this many consecutive failed probes. */
        Optional<Integer> outageAfter();
    }

    interface Channel {
        /** slack, pagerduty, email, webhook, alertmanager or log; implied for the default channel names. */
        Optional<String> type();

        /** Slack: the incoming-webhook URL; webhook: its URL; alertmanager: its base URL; pagerduty: the events URL. */
        Optional<String> url();

        /** PagerDuty: the Events API v2 integration (routing) key. */
        Optional<String> routingKey();

        /** Email: recipients. */
        Optional<List<String>> to();

        /** Email: sender; default quarkus.mailer.from. */
        Optional<String> from();

        /** Webhook and Alertmanager: extra request headers (e.g. Authorization); never shown. */
        Map<String, String> headers();

        /** Deadline of one delivery attempt. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * PagerDuty: {@code group} (default: the notification group's id, new for every outage) or
         * {@code stable} ({@code healthmon/<group key>}, the same from every replica).
         */
        Optional<String> dedupKey();
    }

    /** Channels for rules that name none, by severity. */
    interface Routing {
        @WithDefault("pagerduty,slack-critical")
        List<String> p0();

        @WithDefault("slack-critical")
        List<String> p1();

        @WithDefault("slack-alerts")
        List<String> p2();

        @WithDefault("slack-alerts")
        List<String> p3();

        /**
         * Label routes by name, tried in name order before the severity routes: an incident whose
         * rule has all of a route's labels goes to that route's channels.
         */
        Map<String, LabelRoute> labels();
    }

    interface LabelRoute {
        /** Labels the rule must carry (all of them). */
        Map<String, String> match();

        List<String> channels();
    }

    Demo demo();

    interface Delivery {
        /** First retry delay; doubles per attempt (with jitter) up to max-backoff. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** A notification still failing after this long is given up and reported. */
        @WithDefault("24h")
        Duration maxAge();

        /** The longest a receiver's Retry-After is honoured; a longer one is cut to this. */
        @WithDefault("5m")
        Duration maxRetryAfter();

        /** The most notifications kept pending; beyond it reminders are dropped first (never a trigger or resolve while one can go). */
        @WithDefault("10000")
        int maxPending();
    }

    interface Probe {
        @WithDefault("10s")
        Duration interval();

        /**
         * Deadline over the whole exchange: connect, response and body. Default 5s, or 80 % of the
         * interval when the interval is 6s or less, so a short interval works without a timeout too.
         */
        Optional<Duration> timeout();

        /** Bodies longer than this are cut off and the probe is {@code invalid_body}. */
        @WithDefault("65536")
        int maxBodyBytes();

        /** Verify TLS certificates and host names (the default). */
        @WithDefault("true")
        boolean verifyTls();

        /**
         * Cadence for an endpoint whose last probe failed or that has a pending or firing alert:
         * confirms an outage and a recovery within seconds. At least 1s; no effect above the interval.
         */
        @WithDefault("2s")
        Duration recoveryInterval();

        /** Kept-alive connections per target host:port, on each event loop that probes. */
        @WithDefault("32")
        int maxConnectionsPerHost();

        /** Event loops the endpoints are dealt over (default: one per 2,000 probes a second, at most one per CPU). */
        Optional<Integer> eventLoops();
    }

    interface Windows {
        @WithDefault("1m,5m,30m,1h,6h,24h,3d,30d")
        List<Duration> lengths();

        /** Slots each window is cut into: the window slides by length/slots. */
        @WithDefault("12")
        int slots();

        /**
         * How often every endpoint's windows and recent results are saved to the data directory
         * (and at shutdown): a crash loses at most this much of them.
         */
        @WithDefault("60s")
        Duration checkpointInterval();
    }

    interface Demo {
        /** Serve a simulated platform on loopback and probe it instead of base-url. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("3999")
        int port();

        /** Probe interval and timeout in demo mode, short so that a newcomer sees things move. */
        @WithDefault("3s")
        Duration interval();

        @WithDefault("2500ms")
        Duration timeout();
    }
}
