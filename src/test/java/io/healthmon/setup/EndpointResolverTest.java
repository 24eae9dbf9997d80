package io.healthmon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.Project;
import io.healthmon.TestConfig;
import io.healthmon.alert.EscalationStep;
import io.healthmon.alert.Router;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration as a user writes it, through the same mapping Quarkus uses. */
class EndpointResolverTest {

    @Test
    void theSummaryNamesTwentyEndpointsThenCountsTheRest() {
        List<String> twenty = java.util.stream.IntStream.range(0, 20).mapToObj(n -> "e" + n).toList();
        assertEquals(twenty.toString(), Settings.names(twenty));
        List<String> many = java.util.stream.IntStream.range(0, 10_000).mapToObj(n -> "e" + n).toList();
        String shown = Settings.names(many);
        assertTrue(shown.startsWith("[e0, e1, ") && shown.endsWith(", e19, ... and 9980 more]"), shown);
    }


    static Settings resolve(String... keyValues) {
        return SettingsResolver.resolve(TestConfig.of(keyValues), "healthmon@localhost");
    }

    /** The single problem line an invalid configuration produces. */
    static String problem(String... keyValues) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> resolve(keyValues));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void theEscalationMatrixIsTheRunbooksUnlessAStepIsChangedOffOrAdded() {
        assertEquals(List.of(
                        new EscalationStep("team-lead", Duration.ofMinutes(30), java.util.Set.of(Severity.P0, Severity.P1), java.util.Set.of(), List.of("team-lead")),
                        new EscalationStep("platform-lead", Duration.ZERO, java.util.Set.of(Severity.P0), java.util.Set.of(), List.of("platform-lead")),
                        new EscalationStep("cto", Duration.ofMinutes(15), java.util.Set.of(), java.util.Set.of("complete-outage"), List.of("cto"), true)),
                resolve().policy().escalation());
        assertEquals(List.of(true, false), resolve("healthmon.escalation.steps.team-lead.ignore-ack", "true",
                        "healthmon.escalation.steps.cto.ignore-ack", "false").policy().escalation().stream()
                        .filter(s -> !s.name().equals("platform-lead")).map(EscalationStep::ignoreAck).toList(),
                "ignore-ack changes one step each");
        List<EscalationStep> changed = resolve("healthmon.escalation.steps.team-lead.after", "1h",
                "healthmon.escalation.steps.cto.enabled", "false",
                "healthmon.escalation.steps.dba.after", "10m", "healthmon.escalation.steps.dba.rules", "database-cpu",
                "healthmon.escalation.steps.dba.channels", "email").policy().escalation();
        assertEquals(List.of("team-lead 60 [P0, P1] [team-lead]", "platform-lead 0 [P0] [platform-lead]", "dba 10 [] [email]"),
                changed.stream().map(s -> s.name() + " " + s.after().toMinutes() + " " + new java.util.TreeSet<>(s.severities()) + " "
                        + s.channels()).toList());
        assertEquals(java.util.Set.of("database-cpu"), changed.get(2).rules());
        assertEquals(List.of("team-lead", "platform-lead"), resolve("healthmon.rules.complete-outage.enabled", "false")
                        .policy().escalation().stream().map(EscalationStep::name).toList(),
                "the complete-outage rule turned off takes its default step with it, without a problem");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown severity | healthmon.escalation.steps.team-lead.severities | P5 | healthmon.escalation.steps.team-lead.severities: ",
            "an unknown rule | healthmon.escalation.steps.cto.rules | complete-outages | healthmon.escalation.steps.cto.rules: unknown rule 'complete-outages'; rules are [",
            "an unknown channel | healthmon.escalation.steps.team-lead.channels | team-leed | healthmon.escalation.steps.team-lead.channels: unknown channel 'team-leed'; channels are [",
            "a new step without after | healthmon.escalation.steps.dba.channels | email | healthmon.escalation.steps.dba.after: needed for a step that is not one of the defaults [team-lead, platform-lead, cto]",
            "a new step without channels | healthmon.escalation.steps.dba.after | 5m | healthmon.escalation.steps.dba.channels: needs at least one channel",
            "too long a wait | healthmon.escalation.steps.team-lead.after | 90d | healthmon.escalation.steps.team-lead.after: "})
    void aBadEscalationStepIsOneLineNamingItsKey(String what, String key, String value, String start) {
        String line = problem(key, value);
        assertTrue(line.startsWith(start), what + ": " + line);
    }

    @Test
    void theStatusPageShowsEveryEndpointUnlessToldWhich() {
        assertEquals(new Settings.StatusPage(true, "Platform status", List.of("application", "database", "auth", "services")),
                resolve().statusPage());
        assertEquals(new Settings.StatusPage(false, "Acme status", List.of("application", "auth")),
                resolve("healthmon.status-page.enabled", "false", "healthmon.status-page.title", " Acme status ",
                        "healthmon.status-page.endpoints", "application, auth,application").statusPage());
    }

    @Test
    void defaultsAreTheRunbooksFourEndpoints() {
        Settings r = resolve();
        assertEquals(List.of("application", "database", "auth", "services"),
                r.endpoints().stream().map(EndpointSpec::name).toList());
        EndpointSpec db = r.endpoints().get(1);
        assertEquals("http://localhost:3000/api/health/database", db.url().toString());
        assertEquals(Duration.ofSeconds(10), db.interval());
        assertEquals(Duration.ofSeconds(5), db.timeout());
        assertTrue(db.expectedStatus().matches(204));
        assertFalse(db.expectedStatus().matches(301));
        assertEquals("/status", db.body().pointer().toString());
        assertEquals(List.of("cpu"), List.copyOf(db.values().keySet()));
        assertEquals(List.of("memory"), List.copyOf(r.endpoints().get(0).values().keySet()));
        assertEquals(65536, db.maxBodyBytes());
        assertEquals(8, r.windows().lengths().size());
    }

    @Test
    void baseUrlIntervalAndPerEndpointOverridesApply() {
        Settings r = resolve(
                "healthmon.base-url", "https://example.test/",
                "healthmon.probe.interval", "30s",
                "healthmon.endpoints.auth.timeout", "2s",
                "healthmon.endpoints.auth.headers.Authorization", "Bearer s3cret",
                "healthmon.endpoints.services.enabled", "false",
                "healthmon.endpoints.status.path", "/api/status",
                "healthmon.endpoints.status.expected-status", "200,503");
        assertEquals(List.of("application", "database", "auth", "status"),
                r.endpoints().stream().map(EndpointSpec::name).toList());
        EndpointSpec auth = r.endpoints().get(2);
        assertEquals("https://example.test/api/health/auth", auth.url().toString());
        assertEquals(Duration.ofSeconds(30), auth.interval());
        assertEquals(Duration.ofSeconds(2), auth.timeout());
        assertFalse(auth.toString().contains("s3cret"), "header values are secrets");
        EndpointSpec status = r.endpoints().get(3);
        assertTrue(status.expectedStatus().matches(503));
        assertFalse(status.expectedStatus().matches(201));
    }

    @Test
    void defaultsCanBeReplacedByOwnEndpoints() {
        Settings r = resolve(
                "healthmon.default-endpoints", "false",
                "healthmon.endpoints.api.url", "http://127.0.0.1:8080/healthz",
                "healthmon.endpoints.api.body.enabled", "false",
                "healthmon.endpoints.api.values.queue", "/queue/depth");
        assertEquals(1, r.endpoints().size());
        EndpointSpec api = r.endpoints().get(0);
        assertFalse(api.body().enabled());
        assertEquals("/queue/depth", api.values().get("queue").toString());
    }

    @Test
    void aDefaultValueCanBeRemovedWithAnEmptyPointer() {
        EndpointSpec db = resolve("healthmon.endpoints.database.values.cpu", "none").endpoints().get(1);
        assertTrue(db.values().isEmpty());
    }

    @Test
    void demoModeProbesTheLoopbackPlatformFaster() {
        EndpointSpec app = resolve("healthmon.demo.enabled", "true").endpoints().get(0);
        assertEquals("http://127.0.0.1:3999/api/health", app.url().toString());
        assertEquals(Duration.ofSeconds(3), app.interval());
    }

    @Test
    void theShippedExampleConfigurationIsValid() {
        // Read as a start reads it: the preflight's loader, unknown keys, booleans and ${VAR} included.
        Settings r = ConfigLoader.settings(List.of(Project.path("deploy", "config", "application.yaml")));
        assertEquals(List.of("application", "database", "auth", "services"),
                r.endpoints().stream().map(EndpointSpec::name).toList(), "the runbook's four; extras are commented out");
        assertEquals("https://thebestnexusletters.com/api/health/database", r.endpoints().get(1).url().toString());
        assertEquals(List.of("cpu"), List.copyOf(r.endpoints().get(1).values().keySet()));
        assertEquals(List.of("email", "team-lead", "platform-lead", "cto"), List.copyOf(r.channels().keySet()),
                "secrets unset: only the email channels are ready");
        assertEquals(List.of("team-lead", "platform-lead", "cto"),
                r.policy().escalation().stream().map(io.healthmon.alert.EscalationStep::name).toList(), "the runbook's matrix");
    }

    @Test
    void theRunbooksChannelsExistAndAreConfiguredByTheirSecrets() {
        Settings none = resolve();
        assertTrue(none.channels().isEmpty());
        assertEquals(java.util.Set.of("slack-alerts", "slack-critical", "pagerduty", "email", "team-lead", "platform-lead", "cto"),
                none.unconfiguredChannels());
        assertEquals(List.of("pagerduty", "slack-critical"), none.routing().bySeverity().get(io.healthmon.rule.Severity.P0));

        Settings r = resolve(
                "healthmon.channels.slack-alerts.url", "https://hooks.slack.com/services/T0/B0/s3cretpath",
                "healthmon.channels.pagerduty.routing-key", "0123456789abcdef0123456789abcdef",
                "healthmon.channels.email.to", "oncall@example.com,lead@example.com",
                "healthmon.channels.ops.type", "webhook",
                "healthmon.channels.ops.url", "https://ops.example/hook",
                "healthmon.routing.p3", "ops");
        assertEquals(List.of("slack-alerts", "pagerduty", "email", "ops"), List.copyOf(r.channels().keySet()));
        assertEquals("slack", r.channels().get("slack-alerts").type());
        assertEquals(null, r.channels().get("pagerduty").url(), "no url: the sender posts to PagerDuty's own Events API");
        assertEquals(List.of("oncall@example.com", "lead@example.com"), r.channels().get("email").to());
        assertEquals(java.util.Set.of("slack-critical", "team-lead", "platform-lead", "cto"), r.unconfiguredChannels());
        assertFalse(r.channels().get("slack-alerts").toString().contains("s3cretpath"));
        assertFalse(r.channels().get("pagerduty").toString().contains("0123456789abcdef"));
    }

    @Test
    void readsLabelRoutes() {
        Settings r = resolve("healthmon.routing.labels.db.match.team", "db",
                "healthmon.routing.labels.db.channels", "email");
        assertEquals(List.of(new Router.LabelRoute(Map.of("team", "db"), List.of("email"))), r.routing().labelRoutes());
        assertEquals("healthmon.routing.labels.db.channels: unknown channel 'dba'; channels are "
                + "[slack-alerts, slack-critical, pagerduty, email, team-lead, platform-lead, cto, log]",
                problem("healthmon.routing.labels.db.match.team", "db", "healthmon.routing.labels.db.channels", "dba"));
    }

    @Test
    void rejectsAnUnknownChannelType() {
        assertEquals("healthmon.channels.ops.type: unknown channel type 'teams'; expected slack, pagerduty, email, webhook or alertmanager",
                problem("healthmon.channels.ops.type", "teams", "healthmon.channels.ops.url", "https://x.test"));
    }

    @Test
    void rejectsABadWebhookUrlWithoutRepeatingIt() {
        String p = problem("healthmon.channels.slack-alerts.url", "hooks.slack.com/services/T0/B0/s3cret");
        assertEquals("healthmon.channels.slack-alerts.url: must be an absolute http:// or https:// URL (value not shown: it may be a secret)", p);
    }

    @Test
    void rejectsAMalformedRoutingKeyWithoutRepeatingIt() {
        String p = problem("healthmon.channels.pagerduty.routing-key", "short-s3cret");
        assertEquals("healthmon.channels.pagerduty.routing-key: a PagerDuty Events v2 integration key has 32 characters, got 12", p);
    }

    private static final String PD_KEY = "0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no value          | healthmon.instance-label | replica | healthmon.instance-label: expected name=value with a Prometheus label name (e.g. replica=a), got 'replica'",
            "not a label name  | healthmon.instance-label | 1x=a | healthmon.instance-label: expected name=value with a Prometheus label name (e.g. replica=a), got '1x=a'",
            "one of healthmon's| healthmon.instance-label | endpoint=a | healthmon.instance-label: 'endpoint' is a label healthmon sets itself; choose another name (e.g. replica)",
            "a dedup key       | healthmon.channels.pagerduty.dedup-key | rule | healthmon.channels.pagerduty.dedup-key: expected group (one PagerDuty incident per outage) or stable (the same key from every replica), got 'rule'",
            "on slack          | healthmon.channels.slack-alerts.dedup-key | stable | healthmon.channels.slack-alerts.dedup-key: only a pagerduty channel has a dedup key; slack-alerts is slack"})
    void highAvailabilityKeysAreChecked(String what, String key, String value, String expected) {
        assertEquals(expected, problem(key, value, "healthmon.channels.pagerduty.routing-key", PD_KEY,
                "healthmon.channels.slack-alerts.url", "https://hooks.test/x"), what);
    }

    @Test
    void anInstanceLabelGoesToEveryChannelAndAStableKeyToPagerDuty() {
        Settings s = resolve("healthmon.instance-label", " replica = a ", "healthmon.channels.pagerduty.routing-key", PD_KEY,
                "healthmon.channels.pagerduty.dedup-key", "stable", "healthmon.channels.am.type", "alertmanager",
                "healthmon.channels.am.url", "http://127.0.0.1:9093");
        assertEquals(Map.of("replica", "a"), s.channels().get("am").labels());
        assertEquals("stable", s.channels().get("pagerduty").dedupKey());
        assertEquals(Map.of(), resolve("healthmon.channels.am.type", "alertmanager", "healthmon.channels.am.url",
                "http://127.0.0.1:9093").channels().get("am").labels(), "none by default: replicas send identical alerts");
    }

    @Test
    void rejectsAnIntervalBelowOneSecond() {
        assertEquals("healthmon.probe.interval: must be between 1s and 1h, got 500ms",
                problem("healthmon.probe.interval", "500ms", "healthmon.probe.timeout", "100ms"));
    }

    @Test
    void aShortIntervalGetsATimeoutThatFitsUnlessOneIsSet() {
        Settings r = resolve("healthmon.probe.interval", "2s", "healthmon.endpoints.auth.interval", "1s");
        assertEquals(Duration.ofMillis(1600), r.endpoints().get(0).timeout());
        assertEquals(Duration.ofMillis(800), r.endpoints().get(2).timeout());
        assertEquals(Duration.ofSeconds(5), resolve("healthmon.probe.interval", "1m").endpoints().get(0).timeout());
        assertEquals("healthmon.endpoints.auth.timeout: must be shorter than the interval (1s), got 3s: "
                + "a probe must finish before the next one is due",
                problem("healthmon.probe.timeout", "3s", "healthmon.endpoints.auth.interval", "1s"));
    }

    @Test
    void rejectsAnUnparsableUrlWithoutEchoingItsCredentials() {
        String p = problem("healthmon.endpoints.x.url", "http://user:pw@exa mple.com/h?token=abc");
        assertTrue(p.startsWith("healthmon.endpoints.x.url: is not a valid URL"), p);
        assertFalse(p.contains("pw") || p.contains("abc"), p);
    }

    @Test
    void rejectsUrlAndPathTogether() {
        assertEquals("healthmon.endpoints.x: set url or path, not both",
                problem("healthmon.endpoints.x.url", "http://a.test/", "healthmon.endpoints.x.path", "/b"));
    }

    @Test
    void rejectsATooShortOrRepeatedWindow() {
        assertEquals("healthmon.windows.lengths: each window must be between 10s and 90d, got 1s",
                problem("healthmon.windows.lengths", "1s,1m,5m,30m,1h,6h,3d,30d"));
        assertEquals("healthmon.windows.lengths: window 5m is listed twice",
                problem("healthmon.windows.lengths", "1m,5m,5m,30m,1h,6h,3d,30d"));
    }

    @Test
    void readsTheSloObjectiveGloballyAndPerEndpoint() {
        Settings r = resolve("healthmon.slo.objective", "99.5%", "healthmon.endpoints.auth.slo-objective", "0.9995");
        assertEquals(0.995, r.endpoints().get(0).sloObjective());
        assertEquals(0.9995, r.endpoints().get(2).sloObjective());
        assertEquals("healthmon.endpoints.auth.slo-objective: must be an objective between 0 and 100 % (exclusive), e.g. 99.9%, got '100%'",
                problem("healthmon.endpoints.auth.slo-objective", "100%"));
        assertEquals("healthmon.slo.window: the error-budget window 7d must be one of healthmon.windows.lengths",
                problem("healthmon.slo.window", "7d"));
    }

    @Test
    void rejectsADemoPortOutOfRange() {
        assertEquals("healthmon.demo.port: must be a port between 1 and 65535, got 70000",
                problem("healthmon.demo.enabled", "true", "healthmon.demo.port", "70000"));
    }

    @Test
    void reportsEveryProblemAtOnceOneLineEach() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> resolve(
                "healthmon.base-url", "ftp://x", "healthmon.probe.interval", "0s", "healthmon.endpoints.database.values.cpu", "x"));
        assertEquals(4, e.problems().size(), e.getMessage()); // base-url, interval, timeout >= interval, pointer
        assertTrue(e.getMessage().startsWith("Invalid healthmon configuration (4 problems):\n  - healthmon.base-url"), e.getMessage());
    }

    /** One mistake, one line naming its key: (what, key, value, the line or its start, whether it is the whole line). */
    static Stream<Arguments> oneMistake() {
        return Stream.of(
                Arguments.of("a custom channel without type", "healthmon.channels.ops.url", "https://x.test", "healthmon.channels.ops.type: needed for a channel that is not one of the defaults [slack-alerts, slack-critical, pagerduty, email, team-lead, platform-lead, cto]", true),
                Arguments.of("a bad email address", "healthmon.channels.email.to", "oncall", "healthmon.channels.email.to: 'oncall' is not an email address", true),
                Arguments.of("routing to an unknown channel", "healthmon.routing.p2", "slack-ops", "healthmon.routing.p2: unknown channel 'slack-ops'; channels are [slack-alerts, slack-critical, pagerduty, email, team-lead, platform-lead, cto, log]", true),
                Arguments.of("an unknown endpoint name", "healthmon.endpoints.databse.interval", "30s", "healthmon.endpoints.databse: unknown endpoint 'databse': not one of the defaults [application, database, auth, services] and no url (absolute) or path (relative to healthmon.base-url) given", true),
                Arguments.of("a timeout not shorter than the interval", "healthmon.endpoints.auth.timeout", "10s", "healthmon.endpoints.auth.timeout: must be shorter than the interval (10s), got 10s: a probe must finish before the next one is due", true),
                Arguments.of("a recovery interval below one second", "healthmon.probe.recovery-interval", "200ms", "healthmon.probe.recovery-interval: must be between 1s and 1h, got 200ms", true),
                Arguments.of("a non positive timeout", "healthmon.probe.timeout", "0s", "healthmon.probe.timeout: must be positive, got 0s", true),
                Arguments.of("a malformed base url", "healthmon.base-url", "localhost:3000", "healthmon.base-url: must be an absolute http:// or https:// URL, got 'localhost:3000'", true),
                Arguments.of("a url without host", "healthmon.endpoints.x.url", "http:///health", "healthmon.endpoints.x.url: has no host: 'http:///health'", true),
                Arguments.of("a port out of range", "healthmon.endpoints.x.url", "http://127.0.0.1:99999/h?token=abc", "healthmon.endpoints.x.url: port must be between 1 and 65535, got 99999: 'http://127.0.0.1:99999/h?***'", true),
                Arguments.of("port zero in the base url", "healthmon.base-url", "http://localhost:0", "healthmon.base-url: port must be between 1 and 65535, got 0: 'http://localhost:0'", true),
                Arguments.of("a path without leading slash", "healthmon.endpoints.database.path", "api/db", "healthmon.endpoints.database.path: must start with '/', got 'api/db'", true),
                Arguments.of("a bad json pointer", "healthmon.endpoints.database.values.cpu", "cpu", "healthmon.endpoints.database.values.cpu: 'cpu' is not a JSON pointer (RFC 6901, e.g. /status or /checks/0/cpu)", true),
                Arguments.of("a bad body pointer", "healthmon.endpoints.auth.body.pointer", "status", "healthmon.endpoints.auth.body.pointer: 'status' is not a JSON pointer", false),
                Arguments.of("a bad status code", "healthmon.endpoints.auth.expected-status", "2x", "healthmon.endpoints.auth.expected-status: '2x' is not a status code; expected e.g. 200, 2xx or 200-299", true),
                Arguments.of("an endpoint name that cannot be a metric label", "healthmon.endpoints.My API.url", "http://a.test/", "healthmon.endpoints.My API: endpoint name must be lower-case", false),
                Arguments.of("a bad value name", "healthmon.endpoints.database.values.CPU%", "/cpu", "healthmon.endpoints.database.values.CPU%: value name must be", false),
                Arguments.of("a bad header name", "healthmon.endpoints.auth.headers.X Token", "v", "healthmon.endpoints.auth.headers.X Token: is not a valid HTTP header name", true),
                Arguments.of("no endpoints at all", "healthmon.default-endpoints", "false", "healthmon.endpoints: no endpoint to probe", false),
                Arguments.of("a body cap out of range", "healthmon.probe.max-body-bytes", "10", "healthmon.probe.max-body-bytes: must be between 1024 and 16777216, got 10", true),
                Arguments.of("no event loop to probe on", "healthmon.probe.event-loops", "0", "healthmon.probe.event-loops: must be between 1 and 64, got 0", true),
                Arguments.of("an unknown endpoint on the status page", "healthmon.status-page.endpoints", "database,databse", "healthmon.status-page.endpoints: unknown endpoint 'databse'; endpoints are [application, database, auth, services]", true),
                Arguments.of("a status page title too long", "healthmon.status-page.title", "x".repeat(201), "healthmon.status-page.title: must be 1 to 200 characters, got 201", true),
                Arguments.of("a bad slot count", "healthmon.windows.slots", "0", "healthmon.windows.slots: must be between 1 and 120, got 0", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneMistake")
    void oneMistakeIsOneLineNamingItsKey(String what, String key, String value, String expected, boolean whole) {
        String line = problem(key, value);
        if (whole) {
            assertEquals(expected, line);
        } else {
            assertTrue(line.startsWith(expected), line);
        }
    }
}
