package io.healthmon.alert;

import io.healthmon.TestConfig;
import io.healthmon.config.EndpointResolver;
import io.healthmon.rule.Severity;
import java.util.List;
import java.util.Map;

/** Routing and reminder policy exactly as an empty configuration gives them. */
final class Defaults {

    static final Map<Severity, List<String>> ROUTING =
            Router.severityRouting(EndpointResolver.resolve(TestConfig.of()).routing());
    static final Policy POLICY = Policy.from(TestConfig.of());

    private Defaults() {
    }
}
