package io.healthmon.config;

import java.util.Map;

/**
 * The configuration as written: the keys SmallRye maps ({@link HealthmonConfig}) and the endpoints,
 * read beside them (see {@link EndpointConfig} for why).
 *
 * @param endpoints by name
 */
public record RawConfig(HealthmonConfig healthmon, Map<String, EndpointConfig> endpoints) {

    public RawConfig {
        endpoints = Map.copyOf(endpoints);
    }
}
