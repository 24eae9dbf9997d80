package io.healthmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Checks what {@code ./mvnw verify -Dnative -Dquarkus.native.sources-only=true} hands to
 * native-image: every type Jackson or the config mapping reaches by reflection is registered,
 * and the build is a closed world (no fallback, no incomplete classpath).
 */
class NativeSourcesIT {

    private static final Path DIR = Project.path("target", "native-sources");

    @Test
    void nativeImageArgumentsDescribeAClosedWorldBuild() throws Exception {
        String args = Files.readString(DIR.resolve("native-image.args"));
        assertTrue(args.contains("--no-fallback"), args);
        assertTrue(args.contains("--link-at-build-time"), args);
        assertTrue(args.contains("--enable-url-protocols=http,https"), "probes need http and https: " + args);
        assertFalse(args.contains("--allow-incomplete-classpath"), args);
        assertFalse(args.contains("--report-unsupported-elements-at-runtime"), args);
        assertTrue(Files.readString(DIR.resolve("graalvm.version")).trim().matches("\\d+\\.\\d+.*"));
    }

    @Test
    void everyJsonAndConfigTypeIsRegisteredForReflection() throws Exception {
        Path jar;
        try (var files = Files.list(DIR)) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        Set<String> registered = new HashSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            JsonNode config = new ObjectMapper().readTree(j.getInputStream(j.getEntry("META-INF/native-image/reflect-config.json")));
            config.forEach(e -> registered.add(e.get("name").asText()));
        }
        for (String type : List.of("Status", "Scheduler", "Endpoint", "Result", "Window", "Value", "Slo", "Day", "Error")) {
            assertTrue(registered.contains("io.healthmon.api.StatusView$" + type), "StatusView." + type + " not registered");
        }
        // (endpoints are read apart from the mapping, into a record built by hand: no reflection)
        for (String group : List.of("", "$Probe", "$Windows", "$Demo")) {
            String impl = "io.healthmon.config.HealthmonConfig" + group + "$$CMImpl";
            assertTrue(registered.contains(impl), impl + " not registered");
        }
        // Everything written to or read from the data directory, and the alerts and silences APIs.
        for (String type : List.of("io.healthmon.alert.AlertEngine$Saved", "io.healthmon.alert.AlertEngine$Tracked",
                "io.healthmon.alert.Incident", "io.healthmon.alert.Notification", "io.healthmon.alert.Silence",
                "io.healthmon.alert.Silences$Saved", "io.healthmon.notify.DeliveryJournal$Saved",
                "io.healthmon.notify.Pending", "io.healthmon.notify.DeliveryStatus",
                "io.healthmon.api.AlertsResource$Alerts", "io.healthmon.api.AlertsResource$Alert",
                "io.healthmon.api.SilencesResource$NewSilence", "io.healthmon.api.SilencesResource$Listing",
                "io.healthmon.api.ReloadResult", "io.healthmon.api.ChannelsResource$TestResult")) {
            assertTrue(registered.contains(type), type + " not registered");
        }
        assertEquals(0, registered.stream().filter(n -> n.startsWith("io.healthmon.window.")).count(),
                "window internals are never reached by reflection");
    }
}
