package io.healthmon.probe;

import io.healthmon.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load run: the packaged daemon probing N endpoints at a 1 s interval against a loopback HTTP
 * server for S seconds (default 1000 and 60). Prints probes per second, start-jitter p50/p99, the
 * daemon's CPU seconds and peak RSS. Bounded in time; traffic stays on 127.0.0.1.
 * Then scrapes /q/metrics a few times: its size, series and render time.
 * Run: ./mvnw package -DskipTests && ./mvnw test-compile exec:exec@load [-Dbench.endpoints=N -Dbench.seconds=S
 * -Dbench.jvm=-Xmx256m -Dbench.metrics=lean] (lean: only the 5m, 1h and 30d windows and p95 exported);
 * with BENCH_HISTO=1 in the environment it also prints the daemon's largest classes on the heap;
 * with BENCH_OUTAGE=1 every endpoint answers 500 (a mass outage).
 */
public final class ProbeLoadBenchmark {

    private static final long CLK_TCK = 100; // Linux USER_HZ, what /proc/<pid>/stat counts in

    public static void main(String[] args) throws Exception {
        int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<String> jvm = args.length > 2 && !args[2].isBlank() ? List.of(args[2].trim().split("\\s+")) : List.of();
        boolean lean = args.length > 3 && args[3].trim().equals("lean");
        if (endpoints < 1 || endpoints > 10_000 || seconds < 5 || seconds > 600) {
            throw new IllegalArgumentException("endpoints 1..10000 and seconds 5..600, got " + endpoints + " and " + seconds);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        AtomicLong served = new AtomicLong();
        boolean outage = System.getenv("BENCH_OUTAGE") != null;
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            served.incrementAndGet();
            // BENCH_OUTAGE=1: every endpoint answers 500, the cost of a mass outage (a partition, a shared dependency down)
            req.response().setStatusCode(outage ? 500 : 200).putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"UP\",\"cpu\":12.5}");
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        warmUp(vertx, server.actualPort());
        served.set(0);

        Path config = Files.createTempFile("healthmon-load", ".yaml");
        StringBuilder yaml = new StringBuilder("healthmon:\n  default-endpoints: false\n  probe:\n    interval: 1s\n"
                + "    timeout: 900ms\n    max-connections-per-host: 64\n"
                + (lean ? "  metrics:\n    windows: [5m, 1h, 30d]\n    quantiles: [p95]\n" : "") + "  endpoints:\n");
        for (int i = 0; i < endpoints; i++) {
            yaml.append(String.format("    e%04d:%n      url: http://127.0.0.1:%d/h/%d%n      values:%n        cpu: /cpu%n",
                    i, server.actualPort(), i));
        }
        Files.writeString(config, yaml);

        System.out.printf("healthmon load run: %d endpoints, 1 s interval, %d s, loopback server on :%d, daemon JVM options %s,"
                + " metrics %s%n", endpoints, seconds, server.actualPort(), jvm.isEmpty() ? "(defaults)" : jvm,
                lean ? "lean (5m, 1h, 30d; p95)" : "all windows and quantiles");
        try (JarProcess daemon = JarProcess.start(jvm, "quarkus.config.locations=" + config,
                "quarkus.log.category.\"io.healthmon\".level=WARN")) {
            int port = daemon.awaitPort(600_000); // minutes at 10,000 endpoints: SmallRye Config maps each endpoint in O(all keys)
            HttpClient http = HttpClient.newHttpClient();
            // The summary, not the status: at 10,000 endpoints the status is 20 MB, and parsing it here
            // starved this process's own load server into answering late (timeouts the daemon rightly saw).
            URI summary = URI.create("http://127.0.0.1:" + port + "/api/v1/summary");
            // let every endpoint start its schedule (a cold start spreads the first round) and the JIT warm up
            Thread.sleep(5_000 + ProbeScheduler.startupRamp(endpoints).toMillis());
            JsonObject before = get(http, summary);
            long cpuBefore = cpuTicks(daemon.pid());
            long ownBefore = cpuTicks(ProcessHandle.current().pid());
            Thread.sleep(seconds * 1000L);
            long cpuAfter = cpuTicks(daemon.pid());
            long ownAfter = cpuTicks(ProcessHandle.current().pid());
            JsonObject after = get(http, summary);
            // The daemon's own timestamps bracket its counters exactly; our sleep only roughly does.
            double elapsed = java.time.Duration.between(java.time.Instant.parse(before.getString("at")),
                    java.time.Instant.parse(after.getString("at"))).toNanos() / 1e9;
            JsonObject s0 = before.getJsonObject("scheduler");
            JsonObject s1 = after.getJsonObject("scheduler");
            long probes = s1.getLong("probesStarted") - s0.getLong("probesStarted");
            long skipped = s1.getLong("probesSkipped") - s0.getLong("probesSkipped");
            JsonObject states = after.getJsonObject("endpoints");
            long failed = states.getLong("total") - states.getLong("up");
            System.out.printf("probes/s           %.1f (expected %d)%n", probes / elapsed, endpoints);
            System.out.printf("skipped turns      %d%n", skipped);
            System.out.printf("endpoints not up   %d%n", failed);
            System.out.printf("start jitter p50   %.2f ms%n", s1.getDouble("startDelayP50Seconds") * 1000);
            System.out.printf("start jitter p99   %.2f ms%n", s1.getDouble("startDelayP99Seconds") * 1000);
            System.out.printf("start jitter max   %.2f ms  (last minute)%n", s1.getDouble("startDelayMaxSeconds") * 1000);
            System.out.printf("daemon CPU         %.1f s over %.0f s (%.0f %% of one core)%n",
                    (cpuAfter - cpuBefore) / (double) CLK_TCK, elapsed, 100.0 * (cpuAfter - cpuBefore) / CLK_TCK / elapsed);
            System.out.printf("daemon peak RSS    %d MiB%n", peakRssKib(daemon.pid()) / 1024);
            // The load server shares the machine: what it takes is not there for the daemon.
            System.out.printf("load server CPU    %.0f %% of one core (this process)%n",
                    100.0 * (ownAfter - ownBefore) / CLK_TCK / elapsed);
            System.out.printf("server answered    %d requests%n", served.get());
            // What the daemon said first, before anything else is asked of it (an overloaded one may not answer).
            daemon.output().stream().filter(l -> l.contains("started in") || l.contains("WARN") || l.contains("ERROR"))
                    .limit(4).forEach(l -> System.out.println("  daemon: " + l));
            JsonObject alerts = get(http, URI.create("http://127.0.0.1:" + port + "/api/v1/alerts"));
            Map<String, Long> byRule = new TreeMap<>();
            Map<String, String> firstText = new TreeMap<>();
            for (String list : List.of("open", "resolved")) {
                alerts.getJsonArray(list).forEach(o -> {
                    JsonObject a = (JsonObject) o;
                    byRule.merge(a.getString("rule"), 1L, Long::sum);
                    firstText.putIfAbsent(a.getString("rule"), a.getString("firedText"));
                });
            }
            System.out.printf("incidents          %s (open and resolved; a healthy run has none)%s%n", byRule,
                    firstText.isEmpty() ? "" : ", e.g. " + firstText);
            scrape(http, URI.create("http://127.0.0.1:" + port + "/q/metrics"));
            long t0 = System.nanoTime(); // after the measured minute, like the scrapes: one whole status document
            String whole = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/status"))
                    .timeout(java.time.Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            System.out.printf("/api/v1/status     %,d bytes in %d ms%n", whole.length(), (System.nanoTime() - t0) / 1_000_000);
            long live = liveHeapBytes(daemon.pid());
            System.out.printf("live heap          %.1f MiB after a full GC (%.1f KiB per endpoint, all included)%n",
                    live / 1048576.0, live / 1024.0 / endpoints);
            String log = System.getenv("BENCH_LOG"); // the daemon's whole output, for a run that went wrong
            if (log != null && !log.isBlank()) {
                Files.write(Path.of(log), daemon.output());
                System.out.println("daemon output      " + log);
            }
        } finally {
            vertx.close();
            Files.deleteIfExists(config);
        }
    }

    /**
     * 20,000 requests to the load server before the daemon starts: a platform's servers are warm,
     * and a cold one (interpreted code) would be counted against the daemon's first probes.
     */
    private static void warmUp(Vertx vertx, int port) throws Exception {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
        for (int batch = 0; batch < 100; batch++) {
            List<io.vertx.core.Future<Void>> inFlight = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                inFlight.add(client.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/warm")
                        .compose(r -> r.send()).compose(r -> r.body()).mapEmpty());
            }
            io.vertx.core.Future.all(inFlight).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Five scrapes of /q/metrics: size, series (sample lines) and the median and max time to an answer. */
    private static void scrape(HttpClient http, URI metrics) throws Exception {
        long[] millis = new long[5];
        String body = "";
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        long series = body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        long healthmon = body.lines().filter(l -> l.startsWith("healthmon_")).count();
        System.out.printf("/q/metrics         %,d bytes, %,d series (%,d healthmon_*), render median %d ms, max %d ms%n",
                body.length(), series, healthmon, millis[2], millis[4]);
    }

    /**
     * The daemon's live heap: jcmd's class histogram runs a full GC first and ends with the total
     * (its head is printed when BENCH_HISTO is set).
     */
    static long liveHeapBytes(long pid) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        if (System.getenv("BENCH_HISTO") != null) {
            out.lines().limit(25).forEach(System.out::println);
        }
        return out.lines().filter(l -> l.trim().startsWith("Total")).map(l -> l.trim().split("\\s+"))
                .mapToLong(f -> Long.parseLong(f[2])).findFirst().orElse(-1);
    }

    private static JsonObject get(HttpClient http, URI uri) throws Exception {
        return new JsonObject(http.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
