package io.healthmon.alert;

import io.healthmon.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Alert latency with the default rules and probe interval: a loopback target with scripted
 * outages, a loopback webhook receiver, the packaged daemon between them. For each outage it
 * measures (1) from the probe answer that makes the breach true (the second failed probe) to the
 * trigger's arrival, and (2) from the first healthy answer to the resolve's arrival. Prints median
 * and max over N outages (default 20). Bounded: every wait has a deadline; loopback only.
 * Run: ./mvnw package -DskipTests && ./mvnw test-compile exec:exec@alert-latency [-Dbench.outages=N]
 */
public final class AlertLatencyBenchmark {

    record Arrival(long nanos, String status) {
    }

    public static void main(String[] args) throws Exception {
        int outages = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        if (outages < 1 || outages > 100) {
            throw new IllegalArgumentException("outages 1..100, got " + outages);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        List<Long> failedAnswers = new CopyOnWriteArrayList<>();
        List<Long> healthyAnswers = new CopyOnWriteArrayList<>();
        boolean[] down = {false};
        HttpServer target = vertx.createHttpServer().requestHandler(req -> {
            boolean failing = down[0];
            req.response().setStatusCode(failing ? 503 : 200).putHeader("Content-Type", "application/json")
                    .end(failing ? "{\"status\":\"DOWN\"}" : "{\"status\":\"UP\"}")
                    .onComplete(v -> (failing ? failedAnswers : healthyAnswers).add(System.nanoTime()));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            long at = System.nanoTime();
            JsonObject json = b.toJsonObject();
            if ("endpoint-down".equals(json.getJsonObject("groupLabels").getString("alertname"))) {
                arrivals.add(new Arrival(at, json.getString("status")));
            }
            req.response().setStatusCode(200).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        List<Double> triggerMs = new ArrayList<>();
        List<Double> resolveMs = new ArrayList<>();
        System.out.printf("alert latency: %d outages of 20 s, default rules and 10 s interval, loopback target :%d,"
                + " webhook receiver :%d%n", outages, target.actualPort(), receiver.actualPort());
        try (JarProcess daemon = JarProcess.start(
                "healthmon.default-endpoints=false",
                "healthmon.endpoints.database.url=http://127.0.0.1:" + target.actualPort() + "/api/health/database",
                "healthmon.channels.hook.type=webhook",
                "healthmon.channels.hook.url=http://127.0.0.1:" + receiver.actualPort() + "/hook",
                "healthmon.routing.p1=hook",
                // outages every 85 s are flapping by the default (3 fires in 10 min): held firing, no resolve to time
                "healthmon.flap.window=0s",
                "quarkus.log.category.\"io.healthmon\".level=WARN")) {
            daemon.awaitPort(60_000);
            Thread.sleep(15_000); // a first probe or two, all healthy
            for (int i = 0; i < outages; i++) {
                failedAnswers.clear();
                down[0] = true;
                Arrival fired = next(arrivals, "firing", 60);
                double t = (fired.nanos() - failedAnswers.get(1)) / 1e6; // the second failed answer breaches
                Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - failedAnswers.get(0)) / 1_000_000));
                healthyAnswers.clear();
                down[0] = false;
                Arrival resolved = next(arrivals, "resolved", 180);
                double r = (resolved.nanos() - healthyAnswers.get(0)) / 1e6;
                triggerMs.add(t);
                resolveMs.add(r);
                System.out.printf("outage %2d: breach -> trigger %8.1f ms, recovery -> resolve %8.1f ms%n", i + 1, t, r);
                Thread.sleep(5_000);
            }
        } finally {
            vertx.close();
        }
        System.out.printf("breach -> trigger:   median %.1f ms, max %.1f ms%n", median(triggerMs), Collections.max(triggerMs));
        System.out.printf("recovery -> resolve: median %.1f s, max %.1f s%n", median(resolveMs) / 1000, Collections.max(resolveMs) / 1000);
    }

    private static Arrival next(BlockingQueue<Arrival> q, String status, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Arrival a = q.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (a == null) {
                throw new IllegalStateException("no " + status + " notification within " + seconds + " s");
            }
            if (a.status().equals(status)) {
                return a;
            }
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
