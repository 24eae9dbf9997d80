package io.healthmon;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
        Quarkus.run(args);
    }

    /** Runs a command; the exit code: 0 done, 1 an invalid configuration, 2 a usage error. */
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
                return 2;
            }
        }
    }

    static String usage() {
        return """
                Usage: healthmon [-Dkey=value ...]       start the daemon (configuration: README, Configuration)
                       healthmon check-config [FILE ...]  validate the configuration without starting anything:
                                                          the files given (default: what a start would read),
                                                          plus environment variables and -D system properties;
                                                          exit 0 and a summary, or exit 1 and one line per problem
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
