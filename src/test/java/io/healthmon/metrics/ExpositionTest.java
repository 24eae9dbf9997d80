package io.healthmon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpositionTest {

    private static String written(int chunkChars, java.util.function.Consumer<Exposition> writes) {
        StringBuilder all = new StringBuilder();
        Exposition out = new Exposition(chunkChars, all::append);
        writes.accept(out);
        out.finish();
        return all.toString();
    }

    @Test
    void aFamilyIsItsTypeAndHelpLinesThenItsSamples() {
        String text = written(1024, out -> {
            out.family("healthmon_probes_total", Exposition.Type.COUNTER, "Probes by endpoint and outcome");
            out.sample("healthmon_probes_total", "endpoint", "database", "outcome", "ok", 42);
            out.family("healthmon_probe_duration_seconds", Exposition.Type.HISTOGRAM, "Probe time");
            out.sample("healthmon_probe_duration_seconds_bucket", "endpoint", "database", "le", "+Inf", 3);
            out.sample("healthmon_probe_duration_seconds_sum", "endpoint", "database", 0.125);
            out.family("healthmon_endpoint_value_max", Exposition.Type.GAUGE, "Largest value");
            out.sample("healthmon_endpoint_value_max", "endpoint", "database", "name", "cpu", "window", "5m", 97.5);
            out.sample("healthmon_alerts", new String[] {"endpoint", "rule", "severity", "state"},
                    new String[] {"*", "complete-outage", "P0", "firing"}, 1);
        });
        assertEquals("""
                # TYPE healthmon_probes_total counter
                # HELP healthmon_probes_total Probes by endpoint and outcome
                healthmon_probes_total{endpoint="database",outcome="ok"} 42.0
                # TYPE healthmon_probe_duration_seconds histogram
                # HELP healthmon_probe_duration_seconds Probe time
                healthmon_probe_duration_seconds_bucket{endpoint="database",le="+Inf"} 3.0
                healthmon_probe_duration_seconds_sum{endpoint="database"} 0.125
                # TYPE healthmon_endpoint_value_max gauge
                # HELP healthmon_endpoint_value_max Largest value
                healthmon_endpoint_value_max{endpoint="database",name="cpu",window="5m"} 97.5
                healthmon_alerts{endpoint="*",rule="complete-outage",severity="P0",state="firing"} 1.0
                """, text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Infinity   | +Inf",
            "-Infinity  | -Inf",
            "NaN        | NaN",
            "0          | 0.0",
            "-998.9999999999991 | -998.9999999999991",
            "1.795967001367E9   | 1.795967001367E9",
            "0.005      | 0.005"})
    void numbersAreWrittenAsPrometheusReadsThem(double value, String text) {
        assertEquals("g{a=\"b\"} " + text + "\n", written(64, out -> out.sample("g", "a", "b", value)));
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        String text = written(1024, out -> {
            out.family("g", Exposition.Type.GAUGE, "a \\ back\nslash");
            out.sample("g", "l", "q\"uote \\ and\nline", 1);
        });
        assertEquals("# TYPE g gauge\n# HELP g a \\\\ back\\nslash\ng{l=\"q\\\"uote \\\\ and\\nline\"} 1.0\n", text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jvm_threads{state=\"new\",} 0.0          | jvm_threads{state=\"new\"} 0.0",
            "a_total{x=\"1\",y=\"}\",} 2.0 17000    | a_total{x=\"1\",y=\"}\"} 2.0 17000",
            "a{x=\"1\",y=\"2\"} 3.0                 | a{x=\"1\",y=\"2\"} 3.0",
            "process_uptime_seconds 12.5              | process_uptime_seconds 12.5",
            "# HELP a text with {braces,} kept        | # HELP a text with {braces,} kept"})
    void theRegistrysTextLosesOnlyTheCommaAfterTheLastLabel(String line, String expected) {
        assertEquals(expected + "\n" + expected + "\n", written(8, out -> out.raw(line + "\n" + line)) + "\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 4096})
    void chunksAreHandedOnAtTheirSizeAndTogetherAreTheWholeText(int chunkChars) {
        java.util.function.Consumer<Exposition> writes = out -> {
            out.raw("# TYPE jvm_threads gauge\njvm_threads 12.0\n");
            out.family("healthmon_endpoint_up", Exposition.Type.GAUGE, "1 when up");
            for (int i = 0; i < 500; i++) {
                out.sample("healthmon_endpoint_up", "endpoint", "e" + i, i % 2);
            }
        };
        List<String> chunks = new ArrayList<>();
        Exposition out = new Exposition(chunkChars, chunks::add);
        writes.accept(out);
        out.finish();
        assertEquals(written(1 << 20, writes), String.join("", chunks));
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertTrue(chunks.get(i).length() >= chunkChars, "chunk " + i + " handed on before it was full");
            assertTrue(chunks.get(i).length() < chunkChars + 200, "chunk " + i + " held more than one line past its size");
        }
        assertTrue(chunkChars > 4096 || chunks.size() > 1);
    }
}
