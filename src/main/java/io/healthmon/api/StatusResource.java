package io.healthmon.api;

import io.healthmon.Monitor;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
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
public class StatusResource {

    private final Monitor monitor;
    private final Clock clock;
    private final String version;

    public StatusResource(Monitor monitor, Clock clock,
                          @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.monitor = monitor;
        this.clock = clock;
        this.version = version;
    }

    @GET
    @Path("/status")
    public StatusView.Status status() {
        List<StatusView.Endpoint> endpoints = new ArrayList<>();
        for (ProbeHistory.View v : monitor.history().views()) {
            String name = v.spec().name();
            endpoints.add(StatusView.Endpoint.of(v, monitor.stats().snapshot(name), monitor.sloWindow(), null));
        }
        return new StatusView.Status(version, clock.instant(), StatusView.Scheduler.of(monitor.scheduler()), endpoints);
    }

    @GET
    @Path("/endpoints/{name}")
    public Response endpoint(@PathParam("name") String name) {
        ProbeHistory.View v = monitor.history().view(name);
        if (v == null) {
            List<String> known = monitor.endpoints().stream().map(EndpointSpec::name).toList();
            return Response.status(Response.Status.NOT_FOUND)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new StatusView.Error("unknown endpoint '" + name + "'", known))
                    .build();
        }
        return Response.ok(StatusView.Endpoint.of(v, monitor.stats().snapshot(name), monitor.sloWindow(),
                monitor.history().recent(name)))
                .build();
    }
}
