package io.healthmon.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a reload did.
 *
 * @param reloaded     false: the new configuration was refused and the running one stays
 * @param summary      the new configuration in one line (when reloaded)
 * @param problems     one line per problem (when refused), as check-config and startup print them
 * @param needsRestart changed keys that only a restart applies (they keep their running values)
 */
@RegisterForReflection
public record ReloadResult(boolean reloaded, String summary, List<String> problems, List<String> needsRestart) {

    public ReloadResult {
        problems = List.copyOf(problems);
        needsRestart = List.copyOf(needsRestart);
    }
}
