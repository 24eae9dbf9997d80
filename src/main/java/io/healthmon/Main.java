package io.healthmon;

import io.healthmon.config.InvalidConfigException;
import io.healthmon.setup.ConfigLoader;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.InputStream;
import io.smallrye.config.ConfigValidationException;
import java.io.PrintStream;
import java.net.BindException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import sun.misc.Signal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code check-config FILE...}, {@code --help} and {@code --version} answer
 * without starting anything; anything else starts the daemon.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && !args[0].startsWith("-D")) {
            System.exit(command(args, System.out, System.err));
        }
        preflight();
        Quarkus.run(Daemon.class, Main::exited, args);
    }

    /**
     * The preflight: the whole configuration is read and checked as check-config does, before
     * Quarkus starts, so every problem (YAML syntax and duplicate keys with line and column,
     * unknown keys, values, their meaning) comes in one report with exit 2.
     */
    private static void preflight() {
        try {
            ConfigLoader.settings(ConfigLoader.runningFiles());
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            System.exit(INVALID_CONFIGURATION);
        }
    }

    /** The daemon: runs until SIGTERM or SIGINT, which stop it in order (exit 0, not 143). */
    public static final class Daemon implements QuarkusApplication {
        @Override
        public int run(String... args) {
            for (String name : new String[] {"TERM", "INT"}) {
                try {
                    Signal.handle(new Signal(name), s -> Quarkus.asyncExit(0));
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    // not on this platform: the JVM's own handling stops it (exit 143)
                }
            }
            Quarkus.waitForExit();
            return 0;
        }
    }

    /** An invalid configuration: a service manager must not retry (the systemd unit's RestartPreventExitStatus). */
    static final int INVALID_CONFIGURATION = 2;
    /** A command line healthmon does not understand (sysexits' EX_USAGE). */
    static final int USAGE = 64;

    /**
     * How the daemon ends: 0 after a stop, {@value #INVALID_CONFIGURATION} for an invalid
     * configuration, 1 for a failure at run time (a port in use may be free at the next try). Each
     * known failure is one readable line; only an unexpected one comes with its stack trace.
     */
    static void exited(int code, Throwable failure) {
        if (failure == null) {
            System.exit(code);
        }
        System.exit(explain(failure, System.err));
    }

    static int explain(Throwable failure, PrintStream err) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigException) {
                err.println(c.getMessage());
                return INVALID_CONFIGURATION;
            }
            if (c instanceof ConfigValidationException v) {
                err.println(ConfigLoader.invalid(v).getMessage());
                return INVALID_CONFIGURATION;
            }
            if (c instanceof BindException) {
                err.println("healthmon cannot listen on " + listenAddress() + " (quarkus.http.host, quarkus.http.port): "
                        + "the address is already in use or not this machine's");
                return 1;
            }
        }
        err.println("healthmon failed to start:");
        failure.printStackTrace(err);
        return 1;
    }

    private static String listenAddress() {
        try {
            Config config = ConfigProvider.getConfig();
            return config.getOptionalValue("quarkus.http.host", String.class).orElse("127.0.0.1") + ":"
                    + config.getOptionalValue("quarkus.http.port", String.class).orElse("9199");
        } catch (RuntimeException e) {
            return "its address";
        }
    }

    /** Runs a command; the exit code: 0 done, 2 an invalid configuration, 64 a usage error. */
    static int command(String[] args, PrintStream out, PrintStream err) {
        switch (args[0]) {
            case "--help", "-h", "help" -> {
                out.print(usage());
                return 0;
            }
            case "--version", "-V", "version" -> {
                out.println("healthmon " + version());
                return 0;
            }
            case "check-config" -> {
                List<Path> files = new ArrayList<>();
                for (String a : Arrays.asList(args).subList(1, args.length)) {
                    files.add(Path.of(a));
                }
                return CheckConfig.run(files, out, err);
            }
            default -> {
                err.println("healthmon: unknown command '" + args[0] + "'");
                err.print(usage());
                return USAGE;
            }
        }
    }

    static String usage() {
        return """
                Usage: healthmon [-Dkey=value ...]       start the daemon (configuration: README, Configuration)
                       healthmon check-config [FILE ...]  validate the configuration without starting anything:
                                                          the files given (default: what a start would read),
                                                          plus environment variables and -D system properties;
                                                          exit 0 and a summary, or exit 2 and one line per problem
                       healthmon --version                print the version
                       healthmon --help                   print this text
                With the jar: java -jar quarkus-run.jar COMMAND. A running daemon reloads its configuration
                on SIGHUP or POST /api/v1/reload.
                """;
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.txt")) {
            return in == null ? "dev" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "dev";
        }
    }
}
