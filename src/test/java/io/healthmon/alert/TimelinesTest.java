package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import io.healthmon.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline store: bounded per incident, forgotten with its incident, and read back whole after a crash. */
class TimelinesTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final List<String> warnings = new ArrayList<>();

    private Timelines open() {
        return new Timelines(new StateFile<>(dir.resolve("timelines.json"), Timelines.Saved.class, clock), warnings::add);
    }

    private static TimelineEntry entry(int second, TimelineEntry.Kind kind) {
        return new TimelineEntry(T0.plusSeconds(second), kind, "slack", kind + " " + second, Map.of("n", "" + second));
    }

    @Test
    void aLongIncidentKeepsItsTurnsButNotEveryReminder() {
        Timelines t = Timelines.inMemory();
        for (int n = 0; n < Timelines.MAX_ENTRIES + 100; n++) {
            t.record("a", entry(n, TimelineEntry.Kind.REMINDER));
        }
        t.record("a", entry(10_000, TimelineEntry.Kind.ACKNOWLEDGED));
        t.record("a", entry(10_001, TimelineEntry.Kind.RESOLVED));
        List<TimelineEntry> kept = t.of("a");
        assertEquals(Timelines.MAX_ENTRIES + 2, kept.size());
        assertEquals(TimelineEntry.Kind.TRUNCATED, kept.get(Timelines.MAX_ENTRIES - 1).kind(), "says where it was cut");
        assertEquals(List.of(TimelineEntry.Kind.ACKNOWLEDGED, TimelineEntry.Kind.RESOLVED),
                kept.subList(kept.size() - 2, kept.size()).stream().map(TimelineEntry::kind).toList());
    }

    @Test
    void entriesComeBackInTimeOrderWhateverTheOrderTheyWereRecordedIn() {
        Timelines t = Timelines.inMemory();
        t.record("a", entry(5, TimelineEntry.Kind.NOTIFICATION_DELIVERED));
        t.record("a", entry(1, TimelineEntry.Kind.FIRST_FAILURE));
        t.record("a", entry(5, TimelineEntry.Kind.RESOLVED)); // same instant: recorded order kept
        assertEquals(List.of(TimelineEntry.Kind.FIRST_FAILURE, TimelineEntry.Kind.NOTIFICATION_DELIVERED,
                TimelineEntry.Kind.RESOLVED), t.of("a").stream().map(TimelineEntry::kind).toList());
    }

    @Test
    void whatIsRecordedAndForgottenSurvivesARestartAcrossCompactions() {
        Timelines t = open();
        int n = 0;
        for (; n < Timelines.COMPACT_AT + 50; n++) { // past one compaction: snapshot plus log
            t.record(n % 2 == 0 ? "a" : "b", entry(n, TimelineEntry.Kind.REMINDER));
        }
        t.record("c", entry(n, TimelineEntry.Kind.FIRING));
        t.forget("b");
        List<TimelineEntry> a = t.of("a");
        Timelines again = open();
        assertEquals(a, again.of("a"));
        assertEquals(List.of(), again.of("b"));
        assertEquals(1, again.of("c").size());
        again.retain(Set.of("a"));
        assertEquals(List.of(), open().of("c"), "retain forgets the rest, on disk too");
        assertEquals(a, open().of("a"));
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aCrashBetweenTheSnapshotAndEmptyingTheLogDoesNotRepeatEntriesAndADamagedLineIsSkipped() throws IOException {
        Timelines t = open();
        t.record("a", entry(1, TimelineEntry.Kind.FIRING));
        t.record("a", entry(2, TimelineEntry.Kind.RESOLVED));
        String log = Files.readString(dir.resolve("timelines.log"));
        for (int n = 3; n < Timelines.COMPACT_AT + 3; n++) { // compacts: the log is emptied
            t.record("x" + n % 10, entry(n, TimelineEntry.Kind.REMINDER));
        }
        // as if the process died after the snapshot but before the log was emptied, with a torn line after it
        Files.writeString(dir.resolve("timelines.log"), log + "{\"seq\": 99999, \"incident\"\n{not json}\n",
                StandardOpenOption.APPEND);
        Timelines again = open();
        assertTrue(Files.exists(dir.resolve("timelines.json")), "compacted");
        assertEquals(2, again.of("a").size(), "the lines the snapshot holds are not applied twice");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().allMatch(w -> w.contains("is damaged: skipped")), warnings.toString());
    }
}
