package io.healthmon;

import io.healthmon.config.InvalidConfigException;
import io.healthmon.setup.ConfigLoader;
import io.healthmon.setup.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code check-config}: the startup validation alone, with no port bound and no probe sent. */
final class CheckConfig {

    private CheckConfig() {
    }

    /** @param files the files to read; empty: those a start would read */
    static int run(List<Path> files, PrintStream out, PrintStream err) {
        List<Path> read = files.isEmpty() ? ConfigLoader.runningFiles() : files;
        try {
            Settings settings = ConfigLoader.settings(read);
            out.println("configuration OK (" + (read.isEmpty() ? "built-in defaults" : read.toString()) + "): " + settings.summary());
            return 0;
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return Main.INVALID_CONFIGURATION;
        }
    }
}
