package io.healthmon.api;

import io.healthmon.alert.Incident;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.config.Durations;
import io.healthmon.notify.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The post-mortem draft of one incident, in Markdown, following the runbook's post-mortem section:
 * summary, impact, timeline (UTC), detection, response, and the headed sections only people can
 * write (root cause, action items, process improvements). Pure: the incident, its timeline, its
 * endpoint's objective and the time in, the text out.
 *
 * <p>Downtime is read off the timeline: from the first failed probe (or the endpoint going down)
 * until it is up again or the incident resolves. A rule that fired on an answering endpoint (slow,
 * high CPU) has none: its impact is the time it breached, not lost availability.
 */
public final class Postmortem {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * @param objective the endpoint's availability objective (e.g. 0.999)
     * @param sloWindow the window its error budget is counted over (e.g. 30 days)
     */
    public record Objective(double objective, Duration sloWindow) {
    }

    private Postmortem() {
    }

    public static String render(Incident i, List<TimelineEntry> timeline, Objective slo, Instant now) {
        Instant end = i.resolvedAt() == null ? now : i.resolvedAt();
        Instant start = timeline.isEmpty() ? i.firedAt() : min(timeline.get(0).at(), i.firedAt());
        Duration down = downtime(timeline, end);
        StringBuilder b = new StringBuilder();
        b.append("# Post-mortem: ").append(i.rule()).append(" on ").append(where(i)).append(" (").append(i.severity())
                .append(")\n\n");
        b.append("_Draft written by healthmon from incident `").append(i.id()).append("`; the sections after Response are for people._\n\n");

        b.append("## Summary\n\n");
        b.append("- **What:** ").append(i.severity()).append(' ').append(i.rule()).append(" on ").append(where(i))
                .append(": fired with ").append(i.firedText()).append('\n');
        b.append("- **When:** ").append(UTC.format(i.firedAt())).append(" UTC to ")
                .append(i.resolvedAt() == null ? "now (still open)" : UTC.format(i.resolvedAt()) + " UTC").append('\n');
        b.append("- **Status:** ").append(i.resolvedAt() == null ? "open" : "resolved: " + i.text()).append('\n');
        b.append('\n');

        b.append("## Impact\n\n");
        b.append("- **Duration:** ").append(Messages.duration(Duration.between(i.firedAt(), end))).append(" firing")
                .append(start.isBefore(i.firedAt()) ? ", " + Messages.duration(Duration.between(start, end))
                        + " from the first sign of it" : "").append('\n');
        b.append("- **Endpoints:** ").append(i.endpoint().equals("*") ? "all endpoints (platform-wide)"
                : i.endpoint() + " (" + i.url() + ")").append('\n');
        if (down.isZero()) {
            b.append("- **Availability lost:** none measured (the endpoint answered throughout; the breach was ")
                    .append(i.rule()).append(")\n");
            b.append("- **Error budget consumed:** none\n");
        } else {
            double window = slo.sloWindow().toMillis();
            double budget = window * (1 - slo.objective());
            b.append("- **Downtime:** ").append(Messages.duration(down)).append('\n');
            b.append("- **Availability lost:** ").append(pct(down.toMillis() / window, 4)).append(" of the ")
                    .append(Durations.format(slo.sloWindow())).append(" window\n");
            b.append("- **Error budget consumed:** ")
                    .append(budget > 0 ? pct(down.toMillis() / budget, 1) : "all (the objective is 100 %)")
                    .append(" of the ").append(Durations.format(slo.sloWindow())).append(" budget (objective ")
                    .append(pct(slo.objective(), 2)).append(": ").append(Messages.duration(Duration.ofMillis((long) budget)))
                    .append(")\n");
        }
        b.append('\n');

        b.append("## Timeline (UTC)\n\n");
        b.append("| Time (UTC) | Event | Channel | What happened |\n|---|---|---|---|\n");
        for (TimelineEntry e : timeline) {
            b.append("| ").append(UTC.format(e.at())).append(" | ").append(e.kindName()).append(" | ")
                    .append(e.channel() == null ? "" : cell(e.channel())).append(" | ").append(cell(e.text())).append(" |\n");
        }
        if (timeline.isEmpty()) {
            b.append("| ").append(UTC.format(i.firedAt())).append(" | firing | | ").append(cell(i.firedText())).append(" |\n");
        }
        b.append('\n');

        b.append("## Detection\n\n");
        Optional<TimelineEntry> first = first(timeline, TimelineEntry.Kind.FIRST_FAILURE, TimelineEntry.Kind.EVIDENCE);
        Optional<TimelineEntry> told = first(timeline, TimelineEntry.Kind.NOTIFICATION_DELIVERED);
        first.ifPresent(e -> b.append("- First sign: ").append(UTC.format(e.at())).append(" UTC, ").append(e.text()).append('\n'));
        b.append("- Fired: ").append(UTC.format(i.firedAt())).append(" UTC")
                .append(first.map(e -> " (" + after(e.at(), i.firedAt()) + " after the first sign)").orElse("")).append('\n');
        b.append("- First notification delivered: ").append(told.map(e -> UTC.format(e.at()) + " UTC to " + e.channel()
                + first.map(f -> " (" + after(f.at(), e.at()) + " after the first sign)").orElse("")).orElse("none"))
                .append('\n');
        b.append('\n');

        b.append("## Response\n\n");
        Optional<TimelineEntry> ack = first(timeline, TimelineEntry.Kind.ACKNOWLEDGED);
        b.append("- Acknowledged: ").append(ack.map(e -> after(i.firedAt(), e.at()) + " after firing, " + e.text())
                .orElse("never")).append('\n');
        List<TimelineEntry> escalations = timeline.stream().filter(e -> e.kind() == TimelineEntry.Kind.ESCALATED).toList();
        b.append("- Escalations:").append(escalations.isEmpty() ? " none" : "").append('\n');
        for (TimelineEntry e : escalations) {
            b.append("  - ").append(UTC.format(e.at())).append(" UTC: ").append(e.text()).append('\n');
        }
        b.append("- Resolved: ").append(i.resolvedAt() == null ? "not yet"
                : after(i.firedAt(), i.resolvedAt()) + " after firing, " + i.text()).append('\n');
        b.append('\n');

        b.append("## Root cause analysis\n\n_To be written._\n\n");
        b.append("## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n| | | |\n\n");
        b.append("## Process improvements\n\n_To be written._\n");
        return b.toString();
    }

    /** How long the endpoint was down within the incident, read off its timeline (see the class comment). */
    static Duration downtime(List<TimelineEntry> timeline, Instant end) {
        Duration total = Duration.ZERO;
        Instant since = null;
        for (TimelineEntry e : timeline) {
            if (e.kind() == TimelineEntry.Kind.FIRST_FAILURE && since == null) {
                since = e.at();
            } else if (e.kind() == TimelineEntry.Kind.ENDPOINT_STATE) {
                String state = e.details().get("state");
                if ("down".equals(state) && since == null) {
                    since = e.at();
                } else if ("up".equals(state) && since != null) {
                    total = total.plus(Duration.between(since, e.at()));
                    since = null;
                }
            } else if (e.kind() == TimelineEntry.Kind.RESOLVED && since != null) {
                total = total.plus(Duration.between(since, e.at()));
                since = null;
            }
        }
        if (since != null && end.isAfter(since)) {
            total = total.plus(Duration.between(since, end));
        }
        return total;
    }

    private static Optional<TimelineEntry> first(List<TimelineEntry> timeline, TimelineEntry.Kind... kinds) {
        List<TimelineEntry.Kind> wanted = List.of(kinds);
        return timeline.stream().filter(e -> wanted.contains(e.kind())).findFirst();
    }

    private static String where(Incident i) {
        return i.endpoint().equals("*") ? "all endpoints" : i.endpoint();
    }

    private static String after(Instant from, Instant to) {
        return Messages.duration(Duration.between(from, to));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String pct(double ratio, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f %%", ratio * 100);
    }

    /** A table cell: a pipe or a line break would end it. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
