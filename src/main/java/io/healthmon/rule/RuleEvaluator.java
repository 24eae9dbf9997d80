package io.healthmon.rule;

import io.healthmon.window.EndpointWindows;
import io.healthmon.window.ValueStats;
import io.healthmon.window.WindowStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Pure evaluation: an endpoint's snapshot in, an {@link Evaluation} out. */
public final class RuleEvaluator {

    private RuleEvaluator() {
    }

    /**
     * Evaluates a rule on one endpoint's observation, or over the platform for a rule that watches
     * every endpoint at once (complete outage).
     */
    public static Evaluation evaluate(Rule rule, Observation o, Platform platform) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list closed.
        Condition c = rule.condition();
        if (c instanceof Condition.WindowThreshold t) {
            return window(t, o.windows(), o.streak());
        }
        if (c instanceof Condition.ValueThreshold t) {
            return value(t, o.windows());
        }
        if (c instanceof Condition.BurnRate b) {
            return burn(b, o.windows(), 1 - o.sloObjective(), o.streak());
        }
        if (c instanceof Condition.EndpointDown d) {
            return down(d, o.streak());
        }
        Condition.CompleteOutage outage = (Condition.CompleteOutage) c;
        if (rule.endpoints().isEmpty()) { // every endpoint: the platform's counts, no scan
            return outage(platform.failingFor(outage.consecutiveFailures()), platform.up(), platform.size());
        }
        List<Streak> watched = platform.streaks().entrySet().stream().filter(e -> rule.watches(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return outage(watched.stream().filter(s -> s.consecutiveFailures() >= outage.consecutiveFailures()).count(),
                watched.stream().filter(s -> s.state() == Streak.State.UP).count(), watched.size());
    }

    private static Evaluation down(Condition.EndpointDown d, Streak s) {
        long n = s.consecutiveFailures();
        Supplier<String> text = () -> n + " consecutive failed probes ("
                + (s.lastOutcome() == null ? "none yet" : s.lastOutcome()) + "), threshold " + d.consecutiveFailures();
        Supplier<String> recovery = () -> "answering again (last probe " + s.lastOutcome() + ")";
        boolean breached = n >= d.consecutiveFailures();
        boolean up = s.state() == Streak.State.UP;
        return new Evaluation(breached, up, breached, n, d.consecutiveFailures(), up ? recovery : text, recovery);
    }

    /**
     * Every watched endpoint has failed its last {@code consecutiveFailures} probes.
     *
     * @param down the watched endpoints failing for that long; {@code up} those up; {@code size} all watched
     */
    private static Evaluation outage(long down, long up, long size) {
        Supplier<String> text = () -> down + " of " + size + " endpoints failing";
        boolean breached = size > 0 && down == size;
        return new Evaluation(breached, up > 0, breached, down, size, text,
                () -> up + " of " + size + " endpoints answering again");
    }

    private static Evaluation window(Condition.WindowThreshold t, EndpointWindows w, Streak latest) {
        WindowStats fire = w.window(t.window());
        WindowStats resolve = w.window(t.resolveWindow());
        double value = t.stat().read(fire);
        Supplier<String> text = () -> t.stat().key() + " over " + span(fire, t.window()) + " " + format(t.stat(), value) + " "
                + t.op().symbol() + " " + format(t.stat(), t.threshold());
        if (Double.isNaN(value)) {
            return Evaluation.noData(t.threshold(), text);
        }
        boolean enough = (t.stat().isLatency() ? fire.probes() >= t.minProbes() : fire.failures() >= t.minFailures())
                && fire.covered().compareTo(t.minCoverage()) >= 0;
        double recent = t.stat().read(resolve);
        boolean clear = !Double.isNaN(recent) && !t.op().breaches(recent, t.threshold());
        // A clear recent window outvotes the long one: the long window still holds the outage for
        // minutes after recovery, and must not keep (or re-open) an incident on stale data.
        boolean breached = enough && t.op().breaches(value, t.threshold()) && !clear;
        // The newest result on its own: a slower answer than the threshold, or a failed probe.
        boolean evidence = t.stat().isLatency()
                ? !Double.isNaN(latest.lastLatencySeconds()) && t.op().breaches(latest.lastLatencySeconds(), t.threshold())
                : latest.lastFailed();
        Supplier<String> recovery = () -> t.stat().key() + " over " + t.resolveWindow() + " back to " + format(t.stat(), recent)
                + " (threshold " + format(t.stat(), t.threshold()) + ")";
        return new Evaluation(breached, clear, evidence, value, t.threshold(), text, recovery);
    }

    private static Evaluation burn(Condition.BurnRate b, EndpointWindows w, double budget, Streak latest) {
        WindowStats longW = w.window(b.longWindow());
        WindowStats shortW = w.window(b.shortWindow());
        double longBurn = longW.errorRatio() / budget;
        double shortBurn = shortW.errorRatio() / budget;
        double recentBurn = w.window(b.resolveWindow()).errorRatio() / budget;
        Supplier<String> text = () -> String.format(Locale.ROOT, "error budget burning %.1fx over %s and %.1fx over %s,"
                + " threshold %sx", longBurn, span(longW, b.longWindow()), shortBurn, span(shortW, b.shortWindow()),
                trim(b.factor()));
        // A burn rate over a window that has seen a few minutes is not that window's figure.
        Duration coverage = b.minCoverage() != null ? b.minCoverage() : shortW.window();
        if (Double.isNaN(longBurn) || Double.isNaN(shortBurn)) {
            return Evaluation.noData(b.factor(), text);
        }
        boolean clear = !Double.isNaN(recentBurn) && recentBurn <= b.factor();
        boolean breached = longBurn > b.factor() && shortBurn > b.factor() && longW.failures() >= b.minFailures()
                && longW.covered().compareTo(coverage) >= 0 && !clear;
        Supplier<String> recovery = () -> String.format(Locale.ROOT, "error budget burning %.1fx over %s, back under %sx",
                recentBurn, b.resolveWindow(), trim(b.factor()));
        return new Evaluation(breached, clear, latest.lastFailed(), longBurn, b.factor(), text, recovery);
    }

    /** "5m", or "the last 4m of the 5m window" while the window holds less than its length. */
    static String span(WindowStats w, String label) {
        return w.partial() ? "the last " + human(w.covered()) + " of the " + label + " window" : label;
    }

    /** "4m", "1h 30m", "2m 5s", "40s": the two largest units. */
    static String human(Duration d) {
        long s = d.toSeconds();
        long[] sizes = {86400, 3600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int k = 0; k < sizes.length && shown < 2; k++) {
            long n = s / sizes[k];
            if (n > 0 || (k == sizes.length - 1 && b.length() == 0)) {
                b.append(b.length() == 0 ? "" : " ").append(n).append(units[k]);
                s -= n * sizes[k];
                shown++;
            } else if (shown > 0) {
                shown++; // "1h 0m 5s" reads as "1h": stop after the unit below the first
            }
        }
        return b.toString();
    }

    /** The error budget left over the SLO window: 1 - error ratio / (1 - objective); negative when spent. */
    public static double budgetRemaining(WindowStats sloWindow, double objective) {
        return 1 - sloWindow.errorRatio() / (1 - objective);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Evaluation value(Condition.ValueThreshold t, EndpointWindows w) {
        ValueStats s = w.values().get(t.value());
        double last = s == null ? Double.NaN : s.last();
        Supplier<String> text = () -> t.value() + " " + format(null, last) + " " + t.op().symbol() + " "
                + format(null, t.threshold());
        if (Double.isNaN(last)) {
            return Evaluation.noData(t.threshold(), text);
        }
        boolean breached = t.op().breaches(last, t.threshold());
        Supplier<String> recovery = () -> t.value() + " back to " + format(null, last) + " (threshold "
                + format(null, t.threshold()) + ")";
        return new Evaluation(breached, !breached, breached, last, t.threshold(), breached ? text : recovery, recovery);
    }

    /** Seconds as "2.31 s", ratios as percentages "1.5 %", plain numbers as they are. */
    static String format(Stat stat, double v) {
        if (Double.isNaN(v)) {
            return "no data";
        }
        if (stat != null && stat.isLatency()) {
            return String.format(Locale.ROOT, "%.3g s", v);
        }
        if (stat != null) {
            return String.format(Locale.ROOT, "%.4g %%", v * 100);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
