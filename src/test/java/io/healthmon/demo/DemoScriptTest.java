package io.healthmon.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoScriptTest {

    @Test
    void followsHealthyOutageSlowRecoveredThenLoops() {
        assertEquals(DemoScript.Phase.HEALTHY, DemoScript.phase(0));
        assertEquals(DemoScript.Phase.DATABASE_OUTAGE, DemoScript.phase(20_000));
        assertEquals(DemoScript.Phase.SLOW_AUTH, DemoScript.phase(45_000));
        assertEquals(DemoScript.Phase.RECOVERED, DemoScript.phase(89_999));
        assertEquals(DemoScript.Phase.HEALTHY, DemoScript.phase(90_000));
    }

    @Test
    void theDatabaseFailsOnlyDuringItsOutage() {
        assertEquals(200, DemoScript.reply("/api/health/database", 5_000).status());
        DemoScript.Reply down = DemoScript.reply("/api/health/database", 30_000);
        assertEquals(503, down.status());
        assertTrue(down.body().contains("\"status\":\"DOWN\""));
        assertEquals(200, DemoScript.reply("/api/health/database", 75_000).status());
    }

    @Test
    void authIsSlowerThanTheRunbooksTwoSecondsOnlyWhenSlow() {
        assertTrue(DemoScript.reply("/api/health/auth", 50_000).delayMillis() > 2000);
        assertTrue(DemoScript.reply("/api/health/auth", 10_000).delayMillis() < 100);
    }

    @Test
    void reportsCpuAndMemoryAndKnowsNoOtherPaths() {
        assertTrue(DemoScript.reply("/api/health", 1000).body().contains("\"memory\":"));
        assertTrue(DemoScript.reply("/api/health/database", 1000).body().contains("\"cpu\":"));
        assertNull(DemoScript.reply("/admin", 1000));
    }
}
