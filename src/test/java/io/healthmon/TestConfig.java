package io.healthmon;

import io.healthmon.config.HealthmonConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The configuration as a user writes it (key, value, key, value ...), through the mapping Quarkus uses. */
public final class TestConfig {

    private TestConfig() {
    }

    public static HealthmonConfig of(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new SmallRyeConfigBuilder().addDefaultInterceptors() // ${VAR:} expansion, as in production
                .withMapping(HealthmonConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build()
                .getConfigMapping(HealthmonConfig.class);
    }
}
