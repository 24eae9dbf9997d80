package io.healthmon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The packaged fast-jar run as users run it ({@code java -jar target/quarkus-app/quarkus-run.jar}). */
public final class JarProcess implements AutoCloseable {

    public static final Path JAR = Project.path("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    /** The data directory this harness made (null: the test named its own); removed on close. */
    private final Path data;
    /** The empty working directory this harness made (null: the test named one); removed on close. */
    private final Path cwd;
    private final Thread reader;

    private JarProcess(Process process, Path data, Path cwd) {
        this.process = process;
        this.data = data;
        this.cwd = cwd;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "jar-output");
        reader.setDaemon(true);
        reader.start();
        // A harness stopped from outside (Ctrl-C, a timeout) must not leave the daemon running: a
        // stopped 10,000-endpoint benchmark left one burning a core and a gigabyte.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "jar-process-reaper"));
    }

    /** Starts the jar with {@code -Dkey=value} options (and a random HTTP port unless given). */
    public static JarProcess start(String... systemProperties) throws IOException {
        return start(List.of(), systemProperties);
    }

    /** As {@link #start(String...)}, with JVM options (e.g. -Xmx) before the -D options. */
    public static JarProcess start(List<String> jvmOptions, String... systemProperties) throws IOException {
        return launch(jvmOptions, List.of(), null, systemProperties);
    }

    /** As {@link #start(String...)}, in working directory {@code dir} (where a config/application.yaml is read). */
    public static JarProcess startIn(Path dir, String... systemProperties) throws IOException {
        return launch(List.of(), List.of(), dir, systemProperties);
    }

    /** Runs a command of the command line ({@code check-config FILE}, {@code --version}) with {@code -D} options. */
    public static JarProcess command(List<String> args, String... systemProperties) throws IOException {
        return launch(List.of(), args, null, systemProperties);
    }

    /**
     * The packaged jar, or the native executable when the native profile's failsafe run names it
     * ({@code native.image.path}): the same test runs against either.
     */
    private static JarProcess launch(List<String> jvmOptions, List<String> args, Path dir, String... systemProperties)
            throws IOException {
        String nativeImage = System.getProperty("native.image.path");
        List<String> cmd = new ArrayList<>();
        if (nativeImage != null) {
            cmd.add(Path.of(nativeImage).toAbsolutePath().toString());
        } else {
            if (!Files.exists(JAR)) {
                throw new IllegalStateException(JAR + " is missing: run ./mvnw package first");
            }
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions);
        }
        boolean portGiven = false;
        for (String p : systemProperties) {
            cmd.add("-D" + p);
            portGiven |= p.startsWith("quarkus.http.port=");
        }
        if (!portGiven) {
            cmd.add("-Dquarkus.http.port=0");
        }
        Path data = null;
        if (args.isEmpty() && List.of(systemProperties).stream().noneMatch(p -> p.startsWith("healthmon.data-dir="))) {
            data = Files.createTempDirectory("healthmon-it");
            cmd.add("-Dhealthmon.data-dir=" + data);
        }
        if (nativeImage == null) {
            cmd.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // An empty working directory unless the test gives one: a config/ beside the tests changes nothing.
        Path cwd = dir == null ? Files.createTempDirectory("healthmon-cwd") : null;
        pb.directory((dir == null ? cwd : dir).toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HEALTHMON_") || k.startsWith("QUARKUS_"));
        return new JarProcess(pb.start(), data, cwd);
    }

    /** The HTTP port once the daemon says it is listening. */
    public int awaitPort(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (String line : output) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("healthmon exited with " + process.exitValue() + ":\n" + String.join("\n", output));
            }
            Thread.sleep(50); // polling another process's output: there is no clock to inject here
        }
        throw new IllegalStateException("healthmon did not start listening:\n" + String.join("\n", output));
    }

    /** Once the process has ended: its last lines are read before anyone looks at the output. */
    private void drain() throws InterruptedException {
        reader.join(5_000);
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("healthmon did not exit:\n" + String.join("\n", output));
        }
        drain();
        if (cwd != null) {
            deleteTree(cwd); // ended: a test that only waits for the exit leaves nothing behind
        }
        return process.exitValue();
    }

    /** Kills the process at once (SIGKILL): a crash, no shutdown hooks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        drain();
        if (cwd != null) {
            deleteTree(cwd);
        }
    }

    public long pid() {
        return process.pid();
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of its output,
        // and the lines it logs while shutting down would be lost
        process.toHandle().destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        drain();
        if (data != null) {
            deleteTree(data);
        }
        if (cwd != null) {
            deleteTree(cwd);
        }
    }

    /** Removes a directory the tests made, with everything in it. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
