package io.healthmon;

import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.config.RawConfig;
import io.healthmon.setup.EndpointsReader;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The configuration as a user writes it (key, value, key, value ...), through the mapping Quarkus uses. */
public final class TestConfig {

    private TestConfig() {
    }

    public static RawConfig of(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors() // ${VAR:} expansion, as in production
                .withMapping(HealthmonConfig.class).withValidateUnknown(false) // endpoints are read apart, as in production
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .build();
        EndpointsReader.Read endpoints = EndpointsReader.read(config);
        if (!endpoints.problems().isEmpty()) {
            throw new InvalidConfigException(endpoints.problems());
        }
        return new RawConfig(config.getConfigMapping(HealthmonConfig.class), endpoints.endpoints());
    }
}
