package io.healthmon.config;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;

/**
 * Startup stops with this: one line per problem, each naming its key and what was expected. As a
 * {@link ConfigurationException}, Quarkus prints just the message (no stack trace) and exits 1.
 */
public final class InvalidConfigException extends ConfigurationException {

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super("Invalid healthmon configuration (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
