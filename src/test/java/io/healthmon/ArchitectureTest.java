package io.healthmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads the main sources and fails on an import against the data flow (probe -> window -> rule ->
 * alert -> notify; api and metrics read; setup resolves the configuration for all of them; the
 * root package composes), and on class names written out inline instead of imported.
 */
class ArchitectureTest {

    private static final Path MAIN = Project.path("src", "main", "java", "io", "healthmon");
    private static final Pattern PROJECT_IMPORT = Pattern.compile("^import (?:static )?io\\.healthmon\\.(\\w+)\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern ROOT_IMPORT = Pattern.compile("^import (?:static )?io\\.healthmon\\.[A-Z]", Pattern.MULTILINE);

    /** What each package may import; anything not listed is against the flow. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("state", Set.of()),
            Map.entry("probe", Set.of("config")),
            Map.entry("window", Set.of("config", "probe", "state")),
            Map.entry("rule", Set.of("config", "window")),
            Map.entry("alert", Set.of("config", "rule", "state")),
            Map.entry("notify", Set.of("config", "rule", "alert", "state")),
            Map.entry("setup", Set.of("config", "probe", "window", "rule", "alert", "notify", "state")),
            Map.entry("metrics", Set.of("config", "probe", "window", "rule", "alert", "notify", "state")),
            Map.entry("api", Set.of("config", "probe", "window", "rule", "alert", "notify", "setup", "state")),
            Map.entry("demo", Set.of("config")));

    /** The raw configuration is read by setup (which resolves it), the demo and the composition root only. */
    private static final Set<String> READ_RAW_CONFIG = Set.of("setup", "demo", "config");

    private static List<Path> sources() {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noPackageImportsOneLaterInTheFlow() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            Path rel = MAIN.relativize(file);
            if (rel.getNameCount() == 1) {
                continue; // the composition root may import every stage
            }
            String pkg = rel.getName(0).toString();
            Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null) {
                violations.add(rel + ": package '" + pkg + "' has no place in the flow (add it to ALLOWED)");
                continue;
            }
            String text = read(file);
            Matcher m = PROJECT_IMPORT.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(pkg) && !allowed.contains(target)) {
                    violations.add(rel + " imports io.healthmon." + target + "." + m.group(2));
                }
                if (target.equals("config") && m.group(2).equals("HealthmonConfig") && !READ_RAW_CONFIG.contains(pkg)) {
                    violations.add(rel + " reads the raw configuration: take the resolved Settings part instead");
                }
            }
            if (ROOT_IMPORT.matcher(text).find()) {
                violations.add(rel + " imports the composition root");
            }
        }
        assertEquals(List.of(), violations);
    }

    /** A qualified name such as java.util.Map.Entry in code, outside imports, strings and comments. */
    private static final Pattern INLINE_NAME = Pattern.compile("\\b(?:java|javax|jakarta|io|org|com)(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]");

    @Test
    void classNamesAreImportedNotWrittenInline() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = List.of(read(file).split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("//.*", "").trim();
                if (code.startsWith("import ") || code.startsWith("package ") || code.startsWith("*") || code.startsWith("/*")) {
                    continue;
                }
                if (INLINE_NAME.matcher(code).find()) {
                    violations.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + code);
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
