package io.healthmon.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the meters of the libraries underneath (JVM, Netty, the mailer) follow Prometheus'
 * conventions as healthmon's own do, so {@code promtool check metrics} has nothing to say about a
 * scrape: help text without double quotes (written as an escape the text format does not have),
 * help text on every meter, snake_case label names, no abbreviated units, no {@code _count} suffix
 * on a gauge. What cannot be made to (a long task timer's series) is left out.
 */
@Singleton
public class PrometheusConventions {

    @Produces
    @Singleton
    public MeterFilter prometheusConventions() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                // CPU time in nanoseconds: process_cpu_usage says it in the base unit already. A long
                // task timer (the mailer's connections) is written as series without help text.
                return id.getName().equals("process.cpu.time") || id.getType() == Meter.Type.LONG_TASK_TIMER
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
                String help = id.getDescription() == null || id.getDescription().isBlank()
                        ? name.replace('.', ' ') + " (as its library counts it)" : id.getDescription().replace('"', '\'');
                List<Tag> tags = new ArrayList<>();
                for (Tag t : id.getTagsAsIterable()) {
                    tags.add(Tag.of(snake(t.getKey()), t.getValue()));
                }
                return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), help, id.getType());
            }
        };
    }

    /** clientName -> client_name. */
    static String snake(String key) {
        StringBuilder b = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                b.append(i == 0 ? "" : "_").append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
