package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.alert.Incident;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.alert.TimelineEntry.Kind;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The post-mortem draft: exact Markdown for one outage (the README's example), and downtime read off timelines. */
class PostmortemTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");

    private static TimelineEntry at(String time, Kind kind, String channel, String text, Map<String, String> details) {
        return new TimelineEntry(Instant.parse("2027-03-01T" + time + "Z"), kind, channel, text, details);
    }

    private static TimelineEntry at(String time, Kind kind, String text) {
        return at(time, kind, null, text, Map.of());
    }

    static final List<TimelineEntry> OUTAGE = List.of(
            at("10:00:10", Kind.FIRST_FAILURE, null, "first failed probe: http_status, HTTP 503 in 12 ms: HTTP 503, expected 2xx",
                    Map.of("outcome", "http_status", "http_status", "503")),
            at("10:00:10", Kind.PENDING, "rule breached: pending for 20s before firing"),
            at("10:00:30", Kind.FIRING, "P1 endpoint-down: 3 consecutive failed probes (http_status), threshold 2"),
            at("10:00:30", Kind.NOTIFICATION_QUEUED, "slack-critical", "FIRING to slack-critical", Map.of()),
            at("10:00:31", Kind.NOTIFICATION_DELIVERED, "slack-critical", "FIRING to slack-critical delivered", Map.of()),
            at("10:30:30", Kind.ESCALATED, "team-lead", "still firing after 30m: escalated to team-lead (step team-lead)",
                    Map.of("step", "team-lead")),
            at("10:30:31", Kind.NOTIFICATION_DELIVERED, "team-lead", "ESCALATED to team-lead delivered", Map.of()),
            at("10:32:00", Kind.ACKNOWLEDGED, null, "acknowledged by alice: restarting the pooler", Map.of("by", "alice")),
            at("10:41:00", Kind.ENDPOINT_STATE, null, "database is up (was down)", Map.of("state", "up")),
            at("10:41:10", Kind.RESOLVED, "resolved after 40m 40s: answering again (last probe ok)"),
            at("10:41:11", Kind.NOTIFICATION_DELIVERED, "slack-critical", "RESOLVED to slack-critical delivered", Map.of()));

    static Incident outage() {
        return new Incident("endpoint-down:database:tpa1b2", "endpoint-down", "database",
                "https://platform.example/api/health/database", Severity.P1, Incident.State.FIRING, T0.plusSeconds(30), null,
                3, 2, "3 consecutive failed probes (http_status), threshold 2", List.of("slack-critical"), Map.of(), false)
                .resolved(Instant.parse("2027-03-01T10:41:10Z"), 0, "answering again (last probe ok)");
    }

    @Test
    void anOutageReadsAsTheRunbooksPostmortem() {
        String md = Postmortem.render(outage(), OUTAGE, new Postmortem.Objective(0.999, Duration.ofDays(30)),
                Instant.parse("2027-03-02T09:00:00Z"));
        assertEquals("""
                # Post-mortem: endpoint-down on database (P1)

                _Draft written by healthmon from incident `endpoint-down:database:tpa1b2`; the sections after Response are for people._

                ## Summary

                - **What:** P1 endpoint-down on database: fired with 3 consecutive failed probes (http_status), threshold 2
                - **When:** 2027-03-01 10:00:30 UTC to 2027-03-01 10:41:10 UTC
                - **Status:** resolved: answering again (last probe ok)

                ## Impact

                - **Duration:** 40m 40s firing, 41m 0s from the first sign of it
                - **Endpoints:** database (https://platform.example/api/health/database)
                - **Downtime:** 40m 50s
                - **Availability lost:** 0.0945 % of the 30d window
                - **Error budget consumed:** 94.5 % of the 30d budget (objective 99.90 %: 43m 12s)

                ## Timeline (UTC)

                | Time (UTC) | Event | Channel | What happened |
                |---|---|---|---|
                | 2027-03-01 10:00:10 | first_failure |  | first failed probe: http_status, HTTP 503 in 12 ms: HTTP 503, expected 2xx |
                | 2027-03-01 10:00:10 | pending |  | rule breached: pending for 20s before firing |
                | 2027-03-01 10:00:30 | firing |  | P1 endpoint-down: 3 consecutive failed probes (http_status), threshold 2 |
                | 2027-03-01 10:00:30 | notification_queued | slack-critical | FIRING to slack-critical |
                | 2027-03-01 10:00:31 | notification_delivered | slack-critical | FIRING to slack-critical delivered |
                | 2027-03-01 10:30:30 | escalated | team-lead | still firing after 30m: escalated to team-lead (step team-lead) |
                | 2027-03-01 10:30:31 | notification_delivered | team-lead | ESCALATED to team-lead delivered |
                | 2027-03-01 10:32:00 | acknowledged |  | acknowledged by alice: restarting the pooler |
                | 2027-03-01 10:41:00 | endpoint_state |  | database is up (was down) |
                | 2027-03-01 10:41:10 | resolved |  | resolved after 40m 40s: answering again (last probe ok) |
                | 2027-03-01 10:41:11 | notification_delivered | slack-critical | RESOLVED to slack-critical delivered |

                ## Detection

                - First sign: 2027-03-01 10:00:10 UTC, first failed probe: http_status, HTTP 503 in 12 ms: HTTP 503, expected 2xx
                - Fired: 2027-03-01 10:00:30 UTC (20s after the first sign)
                - First notification delivered: 2027-03-01 10:00:31 UTC to slack-critical (21s after the first sign)

                ## Response

                - Acknowledged: 31m 30s after firing, acknowledged by alice: restarting the pooler
                - Escalations:
                  - 2027-03-01 10:30:30 UTC: still firing after 30m: escalated to team-lead (step team-lead)
                - Resolved: 40m 40s after firing, answering again (last probe ok)

                ## Root cause analysis

                _To be written._

                ## Action items

                | Action | Owner | Due |
                |---|---|---|
                | | | |

                ## Process improvements

                _To be written._
                """, md);
    }

    /** Timelines as "second kind[:state]" entries; downtime in seconds, the incident ending at second 100. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "down from the first failure to up again          | 10 first_failure, 40 endpoint_state:up, 50 resolved | 30",
            "down until it resolved                            | 10 first_failure, 60 resolved                      | 50",
            "still down: until now                             | 10 first_failure                                   | 90",
            "a slow endpoint: no downtime                      | 10 evidence, 60 resolved                           | 0",
            "down twice within one incident                    | 10 first_failure, 20 endpoint_state:up, 30 endpoint_state:down, 45 endpoint_state:up | 25",
            "went down after firing on latency                 | 10 evidence, 20 endpoint_state:down, 70 resolved   | 50"})
    void downtimeIsReadOffTheTimeline(String what, String entries, long seconds) {
        List<TimelineEntry> timeline = new ArrayList<>();
        for (String e : entries.split(",")) {
            String[] parts = e.trim().split(" ");
            String[] kind = parts[1].split(":");
            timeline.add(new TimelineEntry(T0.plusSeconds(Long.parseLong(parts[0])), Kind.valueOf(kind[0].toUpperCase()), null, "x",
                    kind.length > 1 ? Map.of("state", kind[1]) : Map.of()));
        }
        assertEquals(Duration.ofSeconds(seconds), Postmortem.downtime(timeline, T0.plusSeconds(100)), what);
    }
}
