package io.healthmon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/healthmon-rules.yaml as Prometheus reads it: {@code promtool check rules} and
 * the cases of healthmon-rules-test.yaml through {@code promtool test rules}, which must name every
 * alert of the rules at least once as firing and once as not.
 */
class PrometheusRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path DIR = Project.path("deploy", "prometheus");

    @BeforeEach
    void needsPromtool() {
        if (!Files.isExecutable(PROMTOOL)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs prometheus for promtool (.ci/run)");
            Assumptions.abort("promtool is not installed");
        }
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theRulesAreValidAndEveryAlertIsTestedFiringAndNot() throws Exception {
        String check = promtool("check", "rules", "healthmon-rules.yaml");
        assertTrue(check.contains("SUCCESS"), check);
        String test = promtool("test", "rules", "healthmon-rules-test.yaml");
        assertTrue(test.contains("SUCCESS"), test);
        System.out.print(check + test);

        Set<String> alerts = all(Pattern.compile("(?m)^\\s*- alert: (\\w+)"), Files.readString(DIR.resolve("healthmon-rules.yaml")));
        String cases = Files.readString(DIR.resolve("healthmon-rules-test.yaml"));
        Set<String> silent = all(Pattern.compile("alertname: (\\w+), exp_alerts: \\[]"), cases);
        Set<String> firing = all(Pattern.compile("(?m)alertname: (\\w+)\\n\\s+exp_alerts:\\n\\s+- exp_labels"), cases);
        assertEquals(19, alerts.size(), alerts.toString());
        for (String a : alerts) {
            assertTrue(firing.contains(a), a + " is tested firing");
            assertTrue(silent.contains(a), a + " is tested not firing");
        }
    }
}
