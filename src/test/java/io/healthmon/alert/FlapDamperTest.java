package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flap damping's decision, on firing times given by the test. */
class FlapDamperTest {

    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");

    /**
     * @param firedAtSeconds when the rule fired, seconds after T0, space-separated
     * @param clearAt        when it clears, seconds after T0
     */
    @ParameterizedTest(name = "fired at [{0}], clear at {1}s: held = {2}")
    @CsvSource({
            "0,             10,  false",  // once
            "0 60,          70,  false",  // twice: max 2 is allowed
            "0 60 120,      130, true",   // a third time within 10 min: held
            "0 60 120,      600, true",   // still within 10 min of the first fire
            "0 60 120,      601, false",  // the first fire has left the window
            "0 300 599,     599, true",
            "0 300 600,     600, true",   // the window includes its start
    })
    void aRuleThatFiredMoreThanMaxTimesWithinTheWindowIsHeldAtItsClear(String firedAtSeconds, long clearAt, boolean held) {
        FlapDamper<String> d = new FlapDamper<>(Duration.ofMinutes(10), 2);
        for (String s : firedAtSeconds.trim().split(" ")) {
            d.fired("endpoint-down/database", T0.plusSeconds(Long.parseLong(s)));
        }
        assertEquals(held, d.flapping("endpoint-down/database", T0.plusSeconds(clearAt)));
        assertFalse(d.flapping("endpoint-down/auth", T0.plusSeconds(clearAt)), "counted per rule and endpoint");
    }

    @Test
    void aZeroWindowTurnsDampingOff() {
        FlapDamper<String> d = new FlapDamper<>(Duration.ZERO, 1);
        for (int i = 0; i < 10; i++) {
            d.fired("k", T0.plusSeconds(i));
        }
        assertFalse(d.flapping("k", T0.plusSeconds(10)));
    }

    @Test
    void heldUntilClearForAWholeWindow() {
        FlapDamper<String> d = new FlapDamper<>(Duration.ofMinutes(10), 2);
        assertFalse(d.calm(T0, T0.plus(Duration.ofMinutes(10)).minusMillis(1)));
        assertTrue(d.calm(T0, T0.plus(Duration.ofMinutes(10))));
    }
}
