package io.healthmon.setup;

import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.config.RawConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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
    /** SmallRye's words for a value it cannot convert. */
    private static final Pattern CONVERSION = Pattern.compile(
            "The config property (\\S+) with the config value \"(.*)\" threw an Exception whilst being converted:? ?(.*)");
    /** A property SmallRye names in a problem. */
    private static final Pattern KEY = Pattern.compile("(healthmon\\.[A-Za-z0-9_.\\-\"\\[\\]*]*[A-Za-z0-9_\\]\"])");

    /**
     * @param restartOnly the values of the keys under {@link #RESTART_PREFIXES}, to compare with the running ones
     * @param problems    what is wrong in the files and values (the meaning is checked by {@link SettingsResolver})
     */
    public record Loaded(RawConfig config, String mailerFrom, Map<String, String> restartOnly, List<String> problems) {
    }

    private ConfigLoader() {
    }

    /**
     * Where Quarkus ranks the files it reads: a file named by quarkus.config.locations takes the rank
     * of the source that names it and wins a tie with it (as a -D property it overrides every other
     * -D property; in QUARKUS_CONFIG_LOCATIONS it overrides environment variables, not -D
     * properties); ./config/application.yaml ranks below environment variables.
     */
    static int runningOrdinal() {
        if (System.getProperty("quarkus.config.locations") != null) {
            return 401;
        }
        String env = System.getenv("QUARKUS_CONFIG_LOCATIONS");
        return env != null && !env.isBlank() ? 301 : FILE_ORDINAL;
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
     * Reads and checks in one pass: each file's YAML (syntax, duplicate keys, with line and column),
     * what the user wrote against the mapping ({@link ConfigLint}), and SmallRye's conversions;
     * a key SmallRye cannot convert is set aside so the rest is still read, and every problem is
     * returned in {@link Loaded#problems()} for {@link SettingsResolver} to add its own.
     *
     * @throws InvalidConfigException when not even the rest could be read
     */
    public static Loaded load(List<Path> files) {
        List<String> problems = new ArrayList<>();
        List<ConfigSource> builtIn = new ArrayList<>();
        URL url = ConfigLoader.class.getClassLoader().getResource("application.yaml");
        try {
            if (url != null) {
                builtIn.add(new YamlConfigSource(url, BUILT_IN_ORDINAL));
            }
        } catch (IOException | RuntimeException e) {
            problems.add("built-in application.yaml: unreadable (" + e.getClass().getSimpleName() + ")");
        }
        Map<String, ConfigSource> user = new LinkedHashMap<>();
        List<ConfigSource> fileSources = new ArrayList<>();
        int ordinal = files.equals(runningFiles()) ? runningOrdinal() : FILE_ORDINAL;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                problems.add(f + ": no such file");
                continue;
            }
            try {
                String text = Files.readString(f);
                Optional<String> bad = yamlProblem(text);
                if (bad.isPresent()) {
                    problems.add(f + ": " + bad.get());
                    continue;
                }
                ConfigSource source = new YamlConfigSource(f.toUri().toString(), text, ordinal);
                user.put(f.toString(), source);
                fileSources.add(source);
            } catch (IOException | RuntimeException e) {
                problems.add(f + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        SmallRyeConfig raw = builder(builtIn, fileSources, Set.of(), false).build();
        for (ConfigSource s : raw.getConfigSources()) {
            if (s.getName().startsWith("SysPropConfigSource")) {
                user.put("system properties", s);
            }
        }
        problems.addAll(ConfigLint.check(user, name -> raw.getConfigValue(name).getRawValue() != null));

        Set<String> setAside = new HashSet<>();
        SmallRyeConfig config = null;
        for (int round = 0; round < 4 && config == null; round++) {
            try {
                config = builder(builtIn, fileSources, setAside, true).build();
            } catch (ConfigValidationException e) {
                int before = setAside.size();
                for (int i = 0; i < e.getProblemCount(); i++) {
                    String message = e.getProblem(i).getMessage();
                    Matcher key = KEY.matcher(message == null ? "" : message);
                    while (key.find()) {
                        setAside.add(key.group(1));
                    }
                    String line = clean(message);
                    if (!problems.contains(line)) {
                        problems.add(line);
                    }
                }
                if (setAside.size() == before) {
                    break;
                }
            } catch (RuntimeException e) {
                problems.add(clean(e.getMessage()));
                break;
            }
        }
        if (config == null) {
            throw new InvalidConfigException(problems);
        }
        Map<String, String> restartOnly = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (RESTART_PREFIXES.stream().anyMatch(name::startsWith)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> restartOnly.put(name, v));
            }
        }
        Optional<String> from = config.getOptionalValue("quarkus.mailer.from", String.class);
        EndpointsReader.Read endpoints = EndpointsReader.read(config);
        endpoints.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        return new Loaded(new RawConfig(config.getConfigMapping(HealthmonConfig.class), endpoints.endpoints()),
                from.orElse("healthmon@localhost"), restartOnly, problems);
    }

    /** Loads and resolves: the Settings, or every problem of the files, the values and their meaning in one report. */
    public static Settings settings(List<Path> files) {
        Loaded loaded = load(files);
        return SettingsResolver.resolve(loaded.config(), loaded.mailerFrom(), loaded.problems());
    }

    private static SmallRyeConfigBuilder builder(List<ConfigSource> builtIn, List<ConfigSource> files, Set<String> setAside,
                                                 boolean mapping) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // ${VAR} expansion, as at startup
                .addDefaultSources() // environment variables and system properties
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(builtIn)
                .withSources(files);
        if (mapping) {
            // healthmon.endpoints.* is read apart (EndpointsReader); ConfigLint names unknown keys
            b.withMapping(HealthmonConfig.class).withValidateUnknown(false);
        }
        if (!setAside.isEmpty()) {
            b.withInterceptors(new ConfigSourceInterceptor() {
                @Override
                public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
                    if (!setAside.contains(name)) {
                        return context.proceed(name);
                    }
                    // reported already: read as if it were not given, so the rest can still be checked
                    return ConfigLint.defaultValue(name)
                            .map(v -> ConfigValue.builder().withName(name).withValue(v).build()).orElse(null);
                }

                @Override
                public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
                    List<String> names = new ArrayList<>();
                    context.iterateNames().forEachRemaining(n -> {
                        if (!setAside.contains(n)) {
                            names.add(n);
                        }
                    });
                    return names.iterator();
                }
            });
        }
        return b;
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
    static String clean(String message) {
        if (message == null) {
            return "unreadable configuration";
        }
        String m = firstLine(message.replaceFirst("^([a-z]+\\.)+[A-Za-z]+(Exception|Error): ", "").replaceAll("SRCFG\\d+: ", ""));
        Matcher conversion = CONVERSION.matcher(m);
        return conversion.matches() ? conversion.group(1) + ": '" + conversion.group(2) + "' cannot be read: " + conversion.group(3) : m;
    }

    /**
     * What is wrong with a YAML text, as "not valid YAML: ... (line 3, column 1)": syntax, tabs, and
     * duplicate keys (SmallRye would keep the later silently).
     */
    static Optional<String> yamlProblem(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            for (Object ignored : new Yaml(new SafeConstructor(options)).loadAll(text)) {
                // every document is parsed
            }
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            return Optional.of("not valid YAML: " + context + problem + where);
        } catch (RuntimeException e) {
            return Optional.of("not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
