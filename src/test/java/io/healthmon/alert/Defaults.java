package io.healthmon.alert;

import io.healthmon.TestConfig;
import io.healthmon.rule.Severity;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import java.util.List;
import java.util.Map;

/** Routing and reminder policy exactly as an empty configuration gives them. */
final class Defaults {

    private static final Settings SETTINGS = SettingsResolver.resolve(TestConfig.of(), "healthmon@localhost");
    static final Map<Severity, List<String>> ROUTING = SETTINGS.routing().bySeverity();
    static final Policy POLICY = SETTINGS.policy();

    private Defaults() {
    }
}
