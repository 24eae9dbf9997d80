package io.healthmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMatcherTest {

    @Test
    void acceptsClassesSingleCodesAndRanges() {
        StatusMatcher m = StatusMatcher.parse(List.of("2xx", "301", "400-404"));
        assertTrue(m.matches(200) && m.matches(299) && m.matches(301) && m.matches(404));
        assertFalse(m.matches(300) || m.matches(405) || m.matches(500));
        assertEquals("2xx,301,400-404", m.toString());
    }

    @Test
    void rejectsCodesOutsideHttp() {
        assertThrows(IllegalArgumentException.class, () -> StatusMatcher.parse(List.of("600")));
        assertThrows(IllegalArgumentException.class, () -> StatusMatcher.parse(List.of("404-400")));
        assertThrows(IllegalArgumentException.class, () -> StatusMatcher.parse(List.of()));
    }
}
