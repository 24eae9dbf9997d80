package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot's window maps behave as the LinkedHashMaps they replaced: window order, read-only. */
class LabelMapTest {

    private static final LabelMap.Labels LABELS = EndpointStats.labels(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofDays(30)));

    @Test
    void readsLikeAMapInWindowOrder() {
        Map<String, String> m = LabelMap.of(LABELS, new String[] {"a", "b", "c", "d"});
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("1m", "a");
        expected.put("5m", "b");
        expected.put("1h", "c");
        expected.put("30d", "d");
        assertEquals(expected, m);
        assertEquals(expected.hashCode(), m.hashCode());
        assertEquals(List.of("1m", "5m", "1h", "30d"), List.copyOf(m.keySet()));
        assertEquals("c", m.get("1h"));
        assertNull(m.get("2h"));
        assertTrue(m.containsKey("30d"));
        assertFalse(m.containsKey("30m"));
        assertEquals("{1m=a, 5m=b, 1h=c, 30d=d}", m.toString());
    }

    @Test
    void doublesAreBoxedAsRead() {
        Map<String, Double> m = LabelMap.ofDoubles(LABELS, new double[] {1.5, Double.NaN, 3, 4});
        assertEquals(1.5, m.get("1m"));
        assertTrue(m.get("5m").isNaN());
        assertEquals(List.of(1.5, Double.NaN, 3.0, 4.0), List.copyOf(m.values()));
    }

    @Test
    void isReadOnly() {
        Map<String, Double> m = LabelMap.ofDoubles(LABELS, new double[] {1, 2, 3, 4});
        assertThrows(UnsupportedOperationException.class, () -> m.put("1m", 9.0));
        assertThrows(UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue(9.0));
        assertThrows(UnsupportedOperationException.class, () -> m.keySet().iterator().remove());
    }
}
