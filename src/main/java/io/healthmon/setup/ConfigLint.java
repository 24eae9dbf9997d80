package io.healthmon.setup;

import io.healthmon.config.HealthmonConfig;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Checks what the user wrote before values are converted, where SmallRye is lenient: a key the
 * mapping does not know (anywhere, also inside an endpoint or channel, with a "did you mean"), a
 * boolean other than true/false ({@code ture} would otherwise read as false: TLS verification off),
 * a {@code ${VAR}} with neither a value nor a default (a webhook URL would otherwise be silently
 * empty).
 */
final class ConfigLint {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)}");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    /** One property the mapping knows, its name split at dots; "*" stands for a map key. */
    private record Known(List<String> segments, boolean bool, String defaultValue) {
    }

    private static volatile List<Known> known;

    private ConfigLint() {
    }

    /**
     * @param sources    the user's sources (files, system properties) with a name for each, in order
     * @param resolvable whether a name used in ${...} has a value somewhere (environment, property)
     */
    static List<String> check(Map<String, ConfigSource> sources, Predicate<String> resolvable) {
        List<String> problems = new ArrayList<>();
        List<Known> props = known();
        sources.forEach((where, source) -> {
            for (String name : new TreeSet<>(source.getPropertyNames())) {
                if (!name.startsWith("healthmon.")) {
                    continue;
                }
                String value = source.getValue(name);
                List<String> segments = segments(name);
                Optional<Known> k = props.stream().filter(p -> matches(p.segments(), segments)).findFirst();
                if (k.isEmpty()) {
                    problems.add(name + ": unknown key (in " + where + ")" + suggestion(props, segments).map(s -> "; did you mean "
                            + s + "?").orElse(""));
                    continue;
                }
                if (value == null) {
                    continue;
                }
                Matcher m = EXPRESSION.matcher(value);
                boolean expression = false;
                while (m.find()) {
                    expression = true;
                    String var = m.group(1).trim();
                    if (!resolvable.test(var)) {
                        problems.add(name + ": ${" + var + "} is not set (no environment variable or property " + var
                                + ", and no default; write ${" + var + ":} to allow it empty) (in " + where + ")");
                    }
                }
                if (k.get().bool() && !expression && !value.trim().equalsIgnoreCase("true")
                        && !value.trim().equalsIgnoreCase("false")) {
                    problems.add(name + ": '" + value.trim() + "' is not a boolean: write true or false (in " + where + ")");
                }
            }
        });
        return problems;
    }

    /** The mapping's default of a property, when it has one. */
    static Optional<String> defaultValue(String name) {
        List<String> segments = segments(name);
        return known().stream().filter(p -> matches(p.segments(), segments)).findFirst().map(Known::defaultValue);
    }

    private static List<String> segments(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : INDEX.matcher(name).replaceAll("").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    private static boolean matches(List<String> pattern, List<String> name) {
        if (pattern.size() != name.size()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            if (!pattern.get(i).equals("*") && !pattern.get(i).equals(name.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The known key closest to a mistyped one, when it is close (at most 2 edits per 8 letters, 3 at most). */
    static Optional<String> suggestion(List<Known> props, List<String> name) {
        String best = null;
        int bestCost = Integer.MAX_VALUE;
        for (Known p : props) {
            if (p.segments().size() != name.size()) {
                continue;
            }
            int cost = 0;
            int letters = 0;
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < name.size(); i++) {
                String want = p.segments().get(i);
                if (want.equals("*")) {
                    shown.add(name.get(i));
                } else {
                    cost += distance(want, name.get(i));
                    letters += want.length();
                    shown.add(want);
                }
            }
            if (cost > 0 && cost < bestCost && cost <= Math.min(3, Math.max(1, letters / 8))) {
                bestCost = cost;
                best = String.join(".", shown);
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Every property of the mapping, as SmallRye itself knows them to validate names. */
    private static List<Known> known() {
        List<Known> k = known;
        if (k == null) {
            Map<String, ConfigMappingInterface.Property> props = new LinkedHashMap<>(
                    ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(HealthmonConfig.class, "healthmon")));
            List<Known> list = new ArrayList<>();
            props.forEach((name, p) -> list.add(new Known(segments(name.replace("[*]", "")), bool(p),
                    p.hasDefaultValue() ? p.getDefaultValue() : null)));
            EndpointsReader.KEYS.forEach((key, bool) -> list.add(new Known(segments(EndpointsReader.PREFIX + "*." + key), bool,
                    key.equals("enabled") ? "true" : null)));
            known = k = List.copyOf(list);
        }
        return k;
    }

    private static boolean bool(ConfigMappingInterface.Property p) {
        if (p.isPrimitive()) {
            return p.asPrimitive().getPrimitiveType() == boolean.class;
        }
        if (p.isOptional() && p.asOptional().getNestedProperty().isLeaf()) {
            return p.asOptional().getNestedProperty().asLeaf().getValueRawType() == Boolean.class;
        }
        if (p.isLeaf()) {
            return p.asLeaf().getValueRawType() == Boolean.class;
        }
        return false;
    }
}
