package io.healthmon.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
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
    private final ObjectWriter json;

    public StatusResource(ProbeHistory history, StatsStore stats, ProbeScheduler scheduler, Settings settings, Clock clock,
                          @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                          ObjectMapper mapper) {
        // the application's mapper (its date format and modules), not flushing after every endpoint
        this.json = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.history = history;
        this.stats = stats;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.version = version;
    }

    /**
     * The {@link StatusView.Status} document, written field by field and endpoint by endpoint:
     * built whole, the document of thousands of endpoints (megabytes) outlived several young
     * collections, was promoted, and the full collections that followed stalled probing long enough
     * for probes to time out against healthy endpoints (4,000 endpoints). Each endpoint's part now
     * lives only while it is written.
     */
    @GET
    @Path("/status")
    public Response status() {
        StreamingOutput body = out -> {
            try (JsonGenerator g = json.getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("version", version);
                g.writeFieldName("at");
                json.writeValue(g, clock.instant());
                g.writeFieldName("scheduler");
                json.writeValue(g, StatusView.Scheduler.of(scheduler));
                g.writeArrayFieldStart("endpoints");
                for (ProbeHistory.View v : history.views()) {
                    String name = v.spec().name();
                    json.writeValue(g, StatusView.Endpoint.of(v, stats.snapshot(name), settings.windows().sloLabel(), null, null));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** For scripts and benchmarks that watch healthmon itself: no window is read, nothing is sized by the endpoints. */
    @GET
    @Path("/summary")
    public StatusView.Summary summary() {
        return new StatusView.Summary(version, clock.instant(), StatusView.States.of(history),
                StatusView.Scheduler.of(scheduler));
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
        return Response.ok(StatusView.Endpoint.of(v, stats.snapshot(name), settings.windows().sloLabel(), history.recent(name),
                stats.days(name, StatsStore.DAYS_KEPT)))
                .build();
    }
}
