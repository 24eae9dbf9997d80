package io.healthmon;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start to ready: from launching the packaged jar to {@code /q/health/ready} answering 200 (every
 * endpoint probed once), against a loopback platform, on OpenJDK 17 and Temurin 25, and on 25 with
 * an AOT cache (JEP 483/514: the classes loaded and linked, and method profiles, of a training run
 * that started, became ready and served the API once). Prints median, min and max of N runs per
 * setting; bounded (each wait has a deadline), loopback only.
 * Run: ./mvnw package -DskipTests && ./mvnw test-compile exec:exec@startup [-Dbench.runs=N]
 */
public final class StartupBenchmark {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xms48m", "-Xmn32m", "-Xmx768m", "-Xss256k",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (runs < 1 || runs > 50) {
            throw new IllegalArgumentException("runs 1..50, got " + runs);
        }
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        Path jdk25 = Files.list(Path.of("/usr/lib/jvm")).filter(p -> p.getFileName().toString().startsWith("temurin-25"))
                .map(p -> p.resolve("bin/java")).findFirst().orElse(null);
        HttpServer platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"UP\",\"cpu\":20,\"memory\":40}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        platform.start();
        Path dir = Files.createTempDirectory("healthmon-startup");
        try {
            System.out.printf("start to ready (/q/health/ready 200: 4 endpoints probed once), %d runs each, jar %s%n", runs,
                    JarProcess.JAR);
            report("OpenJDK 17", measure(jdk17, List.of(), runs, platform, dir));
            if (jdk25 == null) {
                System.out.println("Temurin 25 not found under /usr/lib/jvm: the JDK 25 settings are left out");
                return;
            }
            List<String> compact = List.of("-XX:+UseCompactObjectHeaders");
            report("Temurin 25", measure(jdk25, compact, runs, platform, dir));
            Path cache = dir.resolve("healthmon.aot");
            List<String> training = new ArrayList<>(compact);
            training.add("-XX:AOTCacheOutput=" + cache);
            long trainMs = once(jdk25, training, platform, dir, true);
            System.out.printf("AOT cache trained in one run (%d ms to ready, then the API once): %s, %.1f MiB%n", trainMs,
                    cache.getFileName(), Files.size(cache) / 1048576.0);
            List<String> use = new ArrayList<>(compact);
            use.add("-XX:AOTCache=" + cache);
            report("Temurin 25 + AOT cache", measure(jdk25, use, runs, platform, dir));
        } finally {
            platform.stop(0);
            JarProcess.deleteTree(dir);
        }
    }

    /** Resident memory of each run at ready, MiB (read from /proc). */
    private static final List<Long> RSS = new ArrayList<>();

    private static List<Long> measure(Path java, List<String> extra, int runs, HttpServer platform, Path dir) throws Exception {
        once(java, extra, platform, dir, false); // the page cache warm, as on a running host
        RSS.clear();
        List<Long> ms = new ArrayList<>();
        for (int n = 0; n < runs; n++) {
            ms.add(once(java, extra, platform, dir, false));
        }
        return ms;
    }

    private static long rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone: left out
        }
        return -1;
    }

    /** One start: milliseconds from launch to ready; {@code exercise}: also read the API once before stopping. */
    private static long once(Path java, List<String> extra, HttpServer platform, Path dir, boolean exercise) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        cmd.addAll(OPTIONS);
        cmd.addAll(extra);
        Path data = Files.createTempDirectory(dir, "data");
        cmd.addAll(List.of("-Dquarkus.http.port=0", "-Dhealthmon.base-url=http://127.0.0.1:" + platform.getAddress().getPort(),
                "-Dhealthmon.probe.interval=1s", "-Dhealthmon.data-dir=" + data, "-jar", JarProcess.JAR.toAbsolutePath().toString()));
        Path log = dir.resolve("run.log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(data.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = -1;
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (port < 0) {
                    Matcher m = LISTENING.matcher(Files.readString(log));
                    port = m.find() ? Integer.parseInt(m.group(1)) : -1;
                }
                if (port > 0 && status("http://127.0.0.1:" + port + "/q/health/ready") == 200) {
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    RSS.add(rssMiB(p.pid()));
                    if (exercise) {
                        for (String path : List.of("/api/v1/status", "/api/v1/alerts", "/q/metrics", "/", "/api/v1/endpoints/database")) {
                            status("http://127.0.0.1:" + port + path);
                        }
                    }
                    return ms;
                }
                if (!p.isAlive()) {
                    throw new IllegalStateException("healthmon exited: " + Files.readString(log));
                }
                Thread.sleep(5); // another process: polled
            }
            throw new IllegalStateException("not ready within 60 s: " + Files.readString(log));
        } finally {
            p.destroy(); // SIGTERM: a training run writes its cache at exit
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void report(String what, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        List<Long> rss = new ArrayList<>(RSS);
        Collections.sort(rss);
        System.out.printf(Locale.ROOT, "%-24s median %5d ms   min %5d   max %5d   (%s)   RSS at ready median %d MiB%n", what,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), ms,
                rss.isEmpty() ? -1 : rss.get(rss.size() / 2));
    }
}
