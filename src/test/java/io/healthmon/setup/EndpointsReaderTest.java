package io.healthmon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.config.EndpointConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

/** healthmon.endpoints.* read in one pass, beside SmallRye's mapping. */
class EndpointsReaderTest {

    private static SmallRyeConfig config(String... keyValues) {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 100)).build();
    }

    @Test
    void readsEveryKeyOfAnEndpoint() {
        EndpointsReader.Read r = EndpointsReader.read(config(
                "healthmon.endpoints.db.url", "http://db/health",
                "healthmon.endpoints.db.interval", "2s",
                "healthmon.endpoints.db.timeout", "1500ms",
                "healthmon.endpoints.db.expected-status[0]", "200",
                "healthmon.endpoints.db.expected-status[1]", "503",
                "healthmon.endpoints.db.headers.Authorization", "Bearer ${HM_READER_TEST_UNSET:t0k3n}",
                "healthmon.endpoints.db.values.cpu", "/cpu",
                "healthmon.endpoints.db.values.memory", "/mem",
                "healthmon.endpoints.db.body.enabled", "true",
                "healthmon.endpoints.db.body.pointer", "/state",
                "healthmon.endpoints.db.body.expected", "ok,UP",
                "healthmon.endpoints.db.body.require-json", "true",
                "healthmon.endpoints.db.slo-objective", "99.5%",
                "healthmon.probe.interval", "5s"));
        assertEquals(List.of(), r.problems());
        assertEquals(List.of("db"), List.copyOf(r.endpoints().keySet()), "only endpoints, nothing else under healthmon");
        EndpointConfig db = r.endpoints().get("db");
        assertTrue(db.enabled());
        assertEquals(Optional.of("http://db/health"), db.url());
        assertEquals(Optional.empty(), db.path());
        assertEquals(Optional.of(Duration.ofSeconds(2)), db.interval());
        assertEquals(Optional.of(Duration.ofMillis(1500)), db.timeout());
        assertEquals(Optional.of(List.of("200", "503")), db.expectedStatus(), "an indexed list (as YAML writes it)");
        assertEquals(Map.of("Authorization", "Bearer t0k3n"), db.headers(), "${VAR:default} expanded as for any key");
        assertEquals(Map.of("cpu", "/cpu", "memory", "/mem"), db.values());
        assertEquals(new EndpointConfig.Body(Optional.of(true), Optional.of("/state"), Optional.of(List.of("ok", "UP")),
                Optional.of(true)), db.body(), "a comma list as well");
        assertEquals(Optional.of("99.5%"), db.sloObjective());
    }

    @Test
    void anEndpointWithoutKeysReadsAsItsDefaults() {
        EndpointConfig e = EndpointsReader.read(config("healthmon.endpoints.api.enabled", "false")).endpoints().get("api");
        assertFalse(e.enabled());
        assertEquals(Map.of(), e.headers());
        assertEquals(Map.of(), e.values());
        assertEquals(new EndpointConfig.Body(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()), e.body());
        assertTrue(EndpointsReader.read(config("healthmon.endpoints.api.url", "http://x/")).endpoints().get("api").enabled(),
                "enabled unless said otherwise");
    }

    @Test
    void quotedNamesAndKeysLoseTheirQuotes() {
        EndpointsReader.Read r = EndpointsReader.read(config(
                "healthmon.endpoints.\"my-api\".url", "http://a/",
                "healthmon.endpoints.\"my-api\".headers.\"X-Trace.Id\"", "1"));
        assertEquals(Map.of("X-Trace.Id", "1"), r.endpoints().get("my-api").headers());
        assertEquals(Optional.of("http://a/"), r.endpoints().get("my-api").url());
    }

    @Test
    void aValueThatCannotBeReadIsOneLineNamingItsKeyAndTheRestIsStillRead() {
        EndpointsReader.Read r = EndpointsReader.read(config(
                "healthmon.endpoints.db.url", "http://db/",
                "healthmon.endpoints.db.interval", "soon"));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("healthmon.endpoints.db.interval: 'soon' cannot be read")),
                r.problems().toString());
        assertEquals(Optional.empty(), r.endpoints().get("db").interval());
        assertEquals(Optional.of("http://db/"), r.endpoints().get("db").url());
    }

    @Test
    void theLintKnowsAnEndpointsKeysAndItsBooleans() {
        Map<String, ConfigSource> sources = Map.of("FILE", new PropertiesConfigSource(Map.of(
                "healthmon.endpoints.db.url", "http://db/",
                "healthmon.endpoints.db.headers.X-Any-Name", "1",
                "healthmon.endpoints.db.body.require-json", "true",
                "healthmon.endpoints.db.enabled", "ture",
                "healthmon.endpoints.db.intervall", "5s"), "FILE", 100));
        assertEquals(List.of(
                "healthmon.endpoints.db.enabled: 'ture' is not a boolean: write true or false (in FILE)",
                "healthmon.endpoints.db.intervall: unknown key (in FILE); did you mean healthmon.endpoints.db.interval?"),
                ConfigLint.check(sources, name -> false));
    }

    @Test
    void tenThousandEndpointsAreReadInOnePass() {
        // SmallRye's mapping walked every property name for each map of each endpoint (minutes at
        // this size); one pass reads them in well under a second on any machine. Counted, not timed:
        // the names are walked once whatever the count.
        String[] kv = new String[10_000 * 6];
        for (int i = 0; i < 10_000; i++) {
            kv[6 * i] = "healthmon.endpoints.e" + i + ".url";
            kv[6 * i + 1] = "http://127.0.0.1/" + i;
            kv[6 * i + 2] = "healthmon.endpoints.e" + i + ".values.cpu";
            kv[6 * i + 3] = "/cpu";
            kv[6 * i + 4] = "healthmon.endpoints.e" + i + ".headers.X-N";
            kv[6 * i + 5] = Integer.toString(i);
        }
        int[] walks = {0};
        SmallRyeConfig base = config(kv);
        Config counting = new DelegatingConfig(base) {
            @Override
            public Iterable<String> getPropertyNames() {
                walks[0]++;
                return base.getPropertyNames();
            }
        };
        EndpointsReader.Read r = EndpointsReader.read(counting);
        assertEquals(10_000, r.endpoints().size());
        assertEquals(Map.of("X-N", "9999"), r.endpoints().get("e9999").headers());
        assertEquals(1, walks[0], "the property names are walked once, not once per endpoint");
    }

    /** A config that hands every call to another (a test overrides the call it counts). */
    private static class DelegatingConfig implements Config {
        private final Config d;

        DelegatingConfig(Config d) {
            this.d = d;
        }

        @Override
        public <T> T getValue(String name, Class<T> type) {
            return d.getValue(name, type);
        }

        @Override
        public ConfigValue getConfigValue(String name) {
            return d.getConfigValue(name);
        }

        @Override
        public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
            return d.getOptionalValue(name, type);
        }

        @Override
        public <T> Optional<List<T>> getOptionalValues(String name, Class<T> type) {
            return d.getOptionalValues(name, type);
        }

        @Override
        public Iterable<String> getPropertyNames() {
            return d.getPropertyNames();
        }

        @Override
        public Iterable<ConfigSource> getConfigSources() {
            return d.getConfigSources();
        }

        @Override
        public <T> Optional<Converter<T>> getConverter(Class<T> type) {
            return d.getConverter(type);
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            return d.unwrap(type);
        }
    }
}
