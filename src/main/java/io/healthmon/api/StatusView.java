package io.healthmon.api;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.window.DayAvailability;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.ValueStats;
import io.healthmon.window.WindowStats;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the status API answers with. NaN (an empty window) is written as null, which every
 * JSON parser reads, rather than the non-standard NaN token.
 */
@RegisterForReflection
public final class StatusView {

    private StatusView() {
    }

    /** The shape of {@code GET /api/v1/status}, which is written field by field (see {@code StatusResource.status}). */
    @RegisterForReflection
    public record Status(String version, Instant at, Scheduler scheduler, List<Endpoint> endpoints) {
    }

    /** healthmon's own view in a few hundred bytes, however many endpoints: counts, not the endpoints. */
    @RegisterForReflection
    public record Summary(String version, Instant at, States endpoints, Scheduler scheduler) {
    }

    /** How many endpoints are in each state. */
    @RegisterForReflection
    public record States(int total, int up, int down, int unknown) {

        /** From the counts the history keeps (an endpoint is down exactly while its latest probe failed). */
        static States of(ProbeHistory history) {
            int total = history.size();
            int up = history.up();
            int down = history.failing();
            return new States(total, up, down, total - up - down);
        }
    }

    @RegisterForReflection
    public record Scheduler(long probesStarted, long probesSkipped, Double startDelayP50Seconds,
                            Double startDelayP99Seconds, Double startDelayMaxSeconds) {

        static Scheduler of(ProbeScheduler s) {
            return new Scheduler(s.probesStarted(), s.probesSkipped(), num(s.startDelay().quantileSeconds(0.5)),
                    num(s.startDelay().quantileSeconds(0.99)), num(s.startDelay().maxSeconds()));
        }
    }

    @RegisterForReflection
    public record Endpoint(String name, String url, String state, Instant since, long probes,
                           long consecutiveFailures, Result last, Map<String, Window> windows,
                           Map<String, Value> values, Slo slo, List<Result> recent, List<Day> days) {

        /** {@code recent} and {@code days}: null in the list of every endpoint (they would make it many times larger). */
        static Endpoint of(ProbeHistory.View v, EndpointWindows w, String sloWindow, List<ProbeResult> recent,
                           List<DayAvailability> days) {
            EndpointSpec spec = v.spec();
            Map<String, Window> windows = new LinkedHashMap<>();
            w.windows().forEach((label, s) -> windows.put(label, Window.of(s)));
            Map<String, Value> values = new LinkedHashMap<>();
            w.values().forEach((name, s) -> values.put(name, Value.of(s)));
            return new Endpoint(spec.name(), spec.displayUrl(), v.state().label(), v.since(), v.probes(),
                    v.consecutiveFailures(), v.last() == null ? null : Result.of(v.last()), windows, values,
                    Slo.of(spec.sloObjective(), sloWindow, w.window(sloWindow)),
                    recent == null ? null : recent.stream().map(Result::of).toList(),
                    days == null ? null : days.stream().map(Day::of).toList());
        }
    }

    /**
     * One UTC day of an endpoint: its availability (null: not probed that day), the probe time that
     * was up and the probe time watched, in seconds.
     */
    @RegisterForReflection
    public record Day(LocalDate date, Double availability, double upSeconds, double watchedSeconds) {

        static Day of(DayAvailability d) {
            return new Day(d.date(), num(d.availability()), d.upSeconds(), d.watchedSeconds());
        }
    }

    /** The endpoint's objective and what is left of its error budget over the SLO window. */
    @RegisterForReflection
    public record Slo(double objective, String window, Double availability, Double errorBudgetRemaining) {

        static Slo of(double objective, String window, WindowStats s) {
            return new Slo(objective, window, num(s.availabilityRatio()), num(RuleEvaluator.budgetRemaining(s, objective)));
        }
    }

    @RegisterForReflection
    public record Result(Instant at, String outcome, double latencySeconds, Integer httpStatus, String message,
                         Map<String, Double> values) {

        static Result of(ProbeResult r) {
            return new Result(r.startedAt(), r.outcome().label(), r.latencySeconds(),
                    r.httpStatus() == 0 ? null : r.httpStatus(), r.message(), r.values());
        }
    }

    /**
     * @param coveredSeconds how much of the window holds data (less than its length after a start)
     * @param coverage       that as a ratio of the window's length
     */
    @RegisterForReflection
    public record Window(long probes, long failures, Double p50Seconds, Double p95Seconds, Double p99Seconds,
                         Double errorRatio, Double availabilityRatio, double coveredSeconds, double coverage) {

        static Window of(WindowStats s) {
            return new Window(s.probes(), s.failures(), num(s.p50Seconds()), num(s.p95Seconds()),
                    num(s.p99Seconds()), num(s.errorRatio()), num(s.availabilityRatio()), s.covered().toMillis() / 1000.0,
                    (double) s.covered().toMillis() / s.window().toMillis());
        }
    }

    @RegisterForReflection
    public record Value(Double last, Instant lastAt, Map<String, Double> max) {

        static Value of(ValueStats s) {
            Map<String, Double> max = new LinkedHashMap<>();
            s.maxByWindow().forEach((w, m) -> max.put(w, num(m)));
            return new Value(num(s.last()), s.lastAt(), max);
        }
    }

    @RegisterForReflection
    public record Error(String error, List<String> known) {
    }

    static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
