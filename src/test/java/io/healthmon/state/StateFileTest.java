package io.healthmon.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    public record Sample(String name, Instant at, List<Integer> numbers) {
    }

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-02-03T04:05:06Z"));

    @Test
    void aMissingFileIsNoState() {
        assertEquals(Optional.empty(), new StateFile<>(dir.resolve("none.json"), Sample.class, clock).load());
    }

    @Test
    void savesAndLoadsAndLeavesNoTemporaryFiles() throws Exception {
        StateFile<Sample> f = new StateFile<>(dir.resolve("sub/state.json"), Sample.class, clock);
        Sample s = new Sample("incident", clock.instant(), List.of(1, 2, 3));
        f.save(s);
        f.save(new Sample("newer", clock.instant(), List.of()));
        assertEquals("newer", f.load().orElseThrow().name());
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("state.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aCorruptFileIsMovedAsideNotFatal() throws Exception {
        Path p = dir.resolve("state.json");
        Files.writeString(p, "{\"name\": \"half a wri");
        StateFile<Sample> f = new StateFile<>(p, Sample.class, clock);
        assertEquals(Optional.empty(), f.load());
        assertFalse(Files.exists(p));
        assertTrue(Files.exists(dir.resolve("state.json.corrupt-20270203T040506")));
        f.save(new Sample("fresh", clock.instant(), List.of()));
        assertEquals("fresh", f.load().orElseThrow().name());
    }
}
