package io.healthmon.api;

import io.healthmon.alert.Silence;
import io.healthmon.alert.Silences;
import io.healthmon.setup.Settings;
import jakarta.enterprise.context.RequestScoped;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Silences: anyone may list them; adding and ending one takes the bearer token
 * healthmon.api.token, and without a token configured both are disabled.
 */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class SilencesResource {

    private final Silences silences;
    private final Settings settings;
    private final Clock clock;

    public SilencesResource(Silences silences, Settings settings, Clock clock) {
        this.silences = silences;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new silence: matchers, then either endsAt or duration (e.g. "2h"); startsAt defaults to now. */
    @RegisterForReflection
    public record NewSilence(String rule, String endpoint, String severity, Map<String, String> labels, String startsAt,
                             String endsAt, String duration, String comment, String createdBy) {
    }

    @RegisterForReflection
    public record Listing(List<Silence> silences, List<String> maintenanceWindows) {
    }

    @GET
    public Listing list() {
        return new Listing(silences.list(),
                settings.maintenance().stream().map(w -> w.name() + (w.activeAt(clock.instant()) ? " (active)" : ""))
                        .toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@HeaderParam("Authorization") String auth, String json) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return denied.get();
        }
        NewSilence body;
        try {
            body = StrictJson.read(json, NewSilence.class);
        } catch (IllegalArgumentException e) {
            return WriteAccess.error(400, e.getMessage());
        }
        try {
            Silence s = silences.add(SilenceRequest.parse(body, settings, clock.instant()));
            return Response.status(201).entity(s).build();
        } catch (IllegalArgumentException e) {
            return WriteAccess.error(400, e.getMessage());
        }
    }

    @DELETE
    @Path("/{id}")
    public Response expire(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return denied.get();
        }
        return silences.expire(id) ? Response.noContent().build() : WriteAccess.error(404, "unknown silence '" + id + "'");
    }
}
