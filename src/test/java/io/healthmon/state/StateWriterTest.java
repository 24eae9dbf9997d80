package io.healthmon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The writer's order and its retries, stepped task by task on an injected clock. */
class StateWriterTest {

    public record Sample(String name) {
    }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-02-03T04:05:06Z"));
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final StateWriter writer = StateWriter.on(tasks::add, clock);

    private void runAll() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    /** A state file that cannot be written until the test deletes dir/blocked: a file stands where its directory should. */
    private StateFile<Sample> blocked(String name) throws Exception {
        Path blocked = Files.writeString(dir.resolve("blocked"), "a file where the directory should be");
        return new StateFile<>(blocked.resolve(name), Sample.class, clock, writer);
    }

    @ParameterizedTest(name = "failure {0} in a row: next try after {1}")
    @CsvSource({"1, PT1S", "2, PT2S", "3, PT4S", "6, PT32S", "7, PT1M", "40, PT1M"})
    void backsOffDoublingUpToAMinute(int consecutive, Duration expected) {
        assertEquals(expected, StateWriter.backoff(consecutive));
    }

    @Test
    void workAfterWritesRunsOnlyOnceEveryEarlierWriteIsOnDisk() throws Exception {
        StateFile<Sample> a = new StateFile<>(dir.resolve("a.json"), Sample.class, clock, writer);
        StateFile<Sample> b = new StateFile<>(dir.resolve("b.json"), Sample.class, clock, writer);
        List<String> seen = new ArrayList<>();
        a.saveLater(new Sample("first"));
        a.afterSaved(() -> seen.add("after a: a=" + Files.exists(a.path()) + " b=" + Files.exists(b.path())));
        b.saveLater(new Sample("second"));
        a.saveLater(new Sample("first, newer")); // taken by the write already queued
        assertEquals(3, tasks.size());
        runAll();
        assertEquals(List.of("after a: a=true b=false"), seen);
        assertEquals("first, newer", a.load().orElseThrow().name());
        assertEquals("second", b.load().orElseThrow().name());
    }

    @Test
    void aFailedWriteIsRetriedWithBackoffUntilItSucceedsAndReportedMeanwhile() throws Exception {
        StateFile<Sample> f = blocked("incidents.json");
        f.saveLater(new Sample("open incident"));
        runAll();
        assertFalse(writer.healthy());
        assertEquals(1, writer.failures());
        assertEquals(List.of("incidents.json"), List.copyOf(writer.failingFiles().keySet()));

        clock.advance(Duration.ofMillis(999));
        writer.retryDue(clock.instant());
        assertTrue(tasks.isEmpty(), "1 s backoff not over");
        clock.advance(Duration.ofMillis(1));
        writer.retryDue(clock.instant());
        runAll();
        assertEquals(2, writer.failures(), "tried again, failed again");

        clock.advance(Duration.ofMillis(1999));
        writer.retryDue(clock.instant());
        assertTrue(tasks.isEmpty(), "2 s backoff after the second failure");
        Files.delete(dir.resolve("blocked")); // the operator frees the path
        clock.advance(Duration.ofMillis(1));
        writer.retryDue(clock.instant());
        runAll();
        assertTrue(writer.healthy());
        assertEquals(Map.of(), writer.failingFiles());
        assertEquals("open incident", f.load().orElseThrow().name());
        assertEquals(2, writer.failures(), "a counter: failures stay counted");
    }

    @Test
    void aNewerStateWrittenAfterAFailureReplacesTheRetry() throws Exception {
        StateFile<Sample> f = blocked("s.json");
        f.saveLater(new Sample("old"));
        runAll();
        Files.delete(dir.resolve("blocked"));
        f.saveLater(new Sample("new"));
        runAll();
        assertTrue(writer.healthy());
        clock.advance(Duration.ofMinutes(5));
        writer.retryDue(clock.instant());
        runAll();
        assertEquals("new", f.load().orElseThrow().name(), "the failed older state is never written over the newer");
    }
}
