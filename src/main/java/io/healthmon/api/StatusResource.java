package io.healthmon.api;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.setup.Settings;
import io.healthmon.window.StatsStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Read-only JSON view of every endpoint: state, last result, windows and body values. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class StatusResource {

    private final ProbeHistory history;
    private final StatsStore stats;
    private final ProbeScheduler scheduler;
    private final Settings settings;
    private final Clock clock;
    private final String version;

    public StatusResource(ProbeHistory history, StatsStore stats, ProbeScheduler scheduler, Settings settings, Clock clock,
                          @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.history = history;
        this.stats = stats;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.version = version;
    }

    @GET
    @Path("/status")
    public StatusView.Status status() {
        List<StatusView.Endpoint> endpoints = new ArrayList<>();
        for (ProbeHistory.View v : history.views()) {
            String name = v.spec().name();
            endpoints.add(StatusView.Endpoint.of(v, stats.snapshot(name), settings.windows().sloLabel(), null));
        }
        return new StatusView.Status(version, clock.instant(), StatusView.Scheduler.of(scheduler), endpoints);
    }

    @GET
    @Path("/endpoints/{name}")
    public Response endpoint(@PathParam("name") String name) {
        ProbeHistory.View v = history.view(name);
        if (v == null) {
            List<String> known = settings.endpoints().stream().map(EndpointSpec::name).toList();
            return Response.status(Response.Status.NOT_FOUND)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new StatusView.Error("unknown endpoint '" + name + "'", known))
                    .build();
        }
        return Response.ok(StatusView.Endpoint.of(v, stats.snapshot(name), settings.windows().sloLabel(), history.recent(name)))
                .build();
    }
}
