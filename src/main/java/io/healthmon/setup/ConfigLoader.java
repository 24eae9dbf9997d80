package io.healthmon.setup;

import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration as Quarkus does at startup, without starting anything: the built-in
 * defaults, the YAML file(s), environment variables and system properties, ${VAR} expanded. Used by
 * check-config and by a reload; every problem comes back as one line, never a stack trace.
 */
public final class ConfigLoader {

    /** The working directory's file, read when no location is given. */
    public static final Path DEFAULT_FILE = Path.of("config", "application.yaml");
    /** Keys that only a restart changes: the HTTP server and the mailer are set up once. */
    static final List<String> RESTART_PREFIXES = List.of("quarkus.http.", "quarkus.mailer.");

    // Quarkus's ordinals: system properties 400, environment 300, ./config 260, the classpath 250.
    private static final int FILE_ORDINAL = 260;
    private static final int BUILT_IN_ORDINAL = 250;

    /**
     * @param restartOnly the values of the keys under {@link #RESTART_PREFIXES}, to compare with the running ones
     */
    public record Loaded(HealthmonConfig healthmon, String mailerFrom, Map<String, String> restartOnly) {
    }

    private ConfigLoader() {
    }

    /** The files a running healthmon reads: QUARKUS_CONFIG_LOCATIONS (or quarkus.config.locations), else ./config/application.yaml. */
    public static List<Path> runningFiles() {
        String locations = System.getProperty("quarkus.config.locations", System.getenv("QUARKUS_CONFIG_LOCATIONS"));
        List<Path> files = new ArrayList<>();
        if (locations != null && !locations.isBlank()) {
            for (String l : locations.split(",")) {
                if (!l.isBlank()) {
                    files.add(Path.of(l.trim().replaceFirst("^file:", "")));
                }
            }
        } else if (Files.exists(DEFAULT_FILE)) {
            files.add(DEFAULT_FILE);
        }
        return files;
    }

    /**
     * @throws InvalidConfigException naming the file or key of each problem
     */
    public static Loaded load(List<Path> files) {
        List<String> problems = new ArrayList<>();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // ${VAR} expansion, as at startup
                .addDefaultSources() // environment variables and system properties
                .withMapping(HealthmonConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
        URL builtIn = ConfigLoader.class.getClassLoader().getResource("application.yaml");
        try {
            if (builtIn != null) {
                builder.withSources(new YamlConfigSource(builtIn, BUILT_IN_ORDINAL));
            }
        } catch (IOException | RuntimeException e) {
            problems.add("built-in application.yaml: unreadable (" + e.getClass().getSimpleName() + ")");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                problems.add(f + ": no such file");
                continue;
            }
            try {
                builder.withSources(new YamlConfigSource(f.toUri().toURL(), FILE_ORDINAL));
            } catch (IOException e) {
                problems.add(f + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            } catch (RuntimeException e) {
                problems.add(f + ": not valid YAML: " + yamlProblem(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        SmallRyeConfig config;
        try {
            config = builder.build();
        } catch (ConfigValidationException e) {
            throw invalid(e);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(List.of(clean(e.getMessage())));
        }
        Map<String, String> restartOnly = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (RESTART_PREFIXES.stream().anyMatch(name::startsWith)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> restartOnly.put(name, v));
            }
        }
        Optional<String> from = config.getOptionalValue("quarkus.mailer.from", String.class);
        return new Loaded(config.getConfigMapping(HealthmonConfig.class), from.orElse("healthmon@localhost"), restartOnly);
    }

    /** The keys whose values differ between two readings of {@link Loaded#restartOnly()}, in name order. */
    public static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> changed = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                changed.add(k);
            }
        }
        return changed;
    }

    /** SmallRye's mapping problems in healthmon's format, one line each (startup and check-config alike). */
    public static InvalidConfigException invalid(ConfigValidationException e) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            problems.add(clean(e.getProblem(i).getMessage()));
        }
        return new InvalidConfigException(problems);
    }

    /** SmallRye's message without exception names and codes (SRCFG00050: ...). */
    private static String clean(String message) {
        if (message == null) {
            return "unreadable configuration";
        }
        return firstLine(message.replaceFirst("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "").replaceAll("SRCFG\\d+: ", ""));
    }

    /** The parser's complaint and where it is: "while parsing a flow node (line 3, column 1)". */
    private static String yamlProblem(String message) {
        if (message == null) {
            return "unreadable";
        }
        Matcher at = Pattern.compile("line (\\d+), column (\\d+)").matcher(message);
        String where = "";
        while (at.find()) {
            where = " (line " + at.group(1) + ", column " + at.group(2) + ")"; // the last mark is where it broke
        }
        return firstLine(message) + where;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
