package io.healthmon.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Set;

/**
 * What a healthy body looks like: when the body is JSON, the field at {@code pointer} must be one
 * of {@code expected} (case-insensitive). A non-JSON body passes unless {@code requireJson}.
 */
public record BodyCondition(boolean enabled, JsonPointer pointer, Set<String> expected, boolean requireJson) {

    public static final BodyCondition NONE = new BodyCondition(false, JsonPointer.empty(), Set.of(), false);
}
