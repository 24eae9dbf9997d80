package io.healthmon;

import java.nio.file.Path;

/**
 * Files of this project for the tests, from its base directory: the tests run in a working
 * directory of their own (target/test-cwd), so a config/application.yaml where a developer runs
 * Maven cannot change a result.
 */
public final class Project {

    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    private Project() {
    }

    public static Path path(String first, String... more) {
        return BASE.resolve(Path.of(first, more));
    }
}
