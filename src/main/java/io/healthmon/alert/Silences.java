package io.healthmon.alert;

import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The silences made through the API, kept on disk across restarts and reloads. Expired silences
 * are kept a day for the record, then forgotten. {@link Muting} combines them with the
 * configuration's maintenance windows.
 */
public final class Silences {

    private static final Logger LOG = Logger.getLogger(Silences.class);
    static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    @RegisterForReflection
    public record Saved(List<Silence> silences) {
    }

    private final StateFile<Saved> file;
    private final Clock clock;
    private final List<Silence> silences = new ArrayList<>();

    public Silences(StateFile<Saved> file, Clock clock) {
        this.file = file;
        this.clock = clock;
        if (file != null) {
            file.load().ifPresent(s -> {
                List<Silence> saved = s.silences() == null ? List.of() : s.silences();
                for (int n = 0; n < saved.size(); n++) {
                    Silence silence = saved.get(n);
                    if (silence != null && silence.valid()) {
                        silences.add(silence);
                    } else {
                        LOG.warnf("%s: silence #%d is damaged (a field is missing): dropped", file.path(), n + 1);
                    }
                }
            });
        }
    }

    /** Whether a silence active at {@code now} matches the incident, whose rule carries {@code ruleLabels}. */
    public synchronized boolean matches(Incident i, Map<String, String> ruleLabels, Instant now) {
        for (Silence s : silences) {
            if (s.activeAt(now) && s.matches(i, ruleLabels)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any silence is active at {@code now} (none: nothing to match, the housekeeping tick skips its scan). */
    public synchronized boolean anyActive(Instant now) {
        for (Silence s : silences) {
            if (s.activeAt(now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds a silence; the id, if blank, is made up.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public synchronized Silence add(Silence s) {
        if (s.rule() == null && s.endpoint() == null && s.severity() == null && s.labels().isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher: rule, endpoint, severity or labels");
        }
        if (s.endsAt() == null || s.startsAt() == null || !s.endsAt().isAfter(s.startsAt())) {
            throw new IllegalArgumentException("endsAt must be after startsAt");
        }
        if (!s.endsAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException("endsAt is in the past: the silence would never be active");
        }
        if (s.comment() == null || s.comment().isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment saying why");
        }
        if (s.severity() != null && !s.severity().toUpperCase().matches("P[0-3]")) {
            throw new IllegalArgumentException("severity must be P0, P1, P2 or P3, got '" + s.severity() + "'");
        }
        Silence stored = new Silence(UUID.randomUUID().toString(), s.rule(), s.endpoint(),
                s.severity() == null ? null : s.severity().toUpperCase(), s.labels(), s.startsAt(), s.endsAt(), s.comment(),
                s.createdBy());
        silences.add(stored);
        forgetOld();
        persist();
        LOG.infof("silence %s added by %s until %s: %s", stored.id(), stored.createdBy(), stored.endsAt(), stored.comment());
        return stored;
    }

    /** Ends a silence now; false when there is no such silence. */
    public synchronized boolean expire(String id) {
        Instant now = clock.instant();
        for (int i = 0; i < silences.size(); i++) {
            Silence s = silences.get(i);
            if (s.id().equals(id)) {
                silences.set(i, new Silence(s.id(), s.rule(), s.endpoint(), s.severity(), s.labels(),
                        s.startsAt().isAfter(now) ? now : s.startsAt(), now, s.comment(), s.createdBy()));
                persist();
                LOG.infof("silence %s expired by request", id);
                return true;
            }
        }
        return false;
    }

    public synchronized List<Silence> list() {
        forgetOld();
        return List.copyOf(silences);
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(KEEP_EXPIRED);
        silences.removeIf(s -> s.endsAt().isBefore(cutoff));
    }

    private void persist() {
        if (file == null) {
            return;
        }
        file.saveLater(new Saved(List.copyOf(silences)));
    }
}
