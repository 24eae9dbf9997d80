package io.healthmon.api;

import io.healthmon.alert.Acknowledgement;
import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.config.EndpointSpec;
import io.healthmon.setup.Settings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.RequestScoped;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One incident with its timeline, its post-mortem draft, and its acknowledgement: anyone may read;
 * acknowledging takes the bearer token healthmon.api.token.
 */
@Path("/api/v1/incidents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class IncidentsResource {

    private final AlertEngine alerts;
    private final Settings settings;
    private final Clock clock;

    public IncidentsResource(AlertEngine alerts, Settings settings, Clock clock) {
        this.alerts = alerts;
        this.settings = settings;
        this.clock = clock;
    }

    /** POST body: who acknowledges, and what they say (optional). */
    @RegisterForReflection
    public record AckRequest(String by, String comment) {
    }

    /** DELETE body (optional): who withdraws the acknowledgement. */
    @RegisterForReflection
    public record UnackRequest(String by) {
    }

    /**
     * @param acknowledged who said they are on it, or null
     * @param timeline     every event in time order
     */
    @RegisterForReflection
    public record IncidentView(String id, String rule, String endpoint, String url, String severity, String state,
                               Instant since, Instant resolvedAt, Double value, Double threshold, String text,
                               Double firedValue, String firedText, List<String> channels, boolean flapping,
                               Acknowledgement acknowledged, List<Entry> timeline) {
    }

    /** One timeline entry as the API shows it. */
    @RegisterForReflection
    public record Entry(Instant at, String kind, String channel, String text, Map<String, String> details) {

        static Entry of(TimelineEntry e) {
            return new Entry(e.at(), e.kindName(), e.channel(), e.text(), e.details());
        }
    }

    @GET
    public Response incident(@PathParam("id") String id) {
        return alerts.incident(id).map(i -> Response.ok(view(i, alerts.timeline(id))).build()).orElseGet(() -> unknown(id));
    }

    @GET
    @Path("/postmortem")
    @Produces("text/markdown; charset=UTF-8")
    public Response postmortem(@PathParam("id") String id) {
        Optional<Incident> found = alerts.incident(id);
        if (found.isEmpty()) {
            return unknown(id);
        }
        Incident i = found.get();
        double objective = settings.endpoints().stream().filter(e -> e.name().equals(i.endpoint()))
                .mapToDouble(EndpointSpec::sloObjective).findFirst()
                .orElse(settings.endpoints().stream().mapToDouble(EndpointSpec::sloObjective).max().orElse(0.999));
        String md = Postmortem.render(i, alerts.timeline(id), new Postmortem.Objective(objective, settings.windows().slo()),
                clock.instant());
        return Response.ok(md, "text/markdown; charset=UTF-8").build();
    }

    @POST
    @Path("/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acknowledge(@HeaderParam("Authorization") String auth, @PathParam("id") String id, String json) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return denied.get();
        }
        AckRequest body;
        try {
            body = StrictJson.read(json, AckRequest.class);
        } catch (IllegalArgumentException e) {
            return WriteAccess.error(400, e.getMessage());
        }
        String by = text(body.by());
        if (by == null) {
            return WriteAccess.error(400, "by: who acknowledges is required (a name or handle)");
        }
        if (by.length() > WriteAccess.MAX_TEXT || body.comment() != null && body.comment().length() > WriteAccess.MAX_TEXT) {
            return WriteAccess.error(400, (by.length() > WriteAccess.MAX_TEXT ? "by" : "comment") + ": at most " + WriteAccess.MAX_TEXT + " characters");
        }
        String comment = text(body.comment());
        return answer(id, alerts.acknowledge(id, by, comment == null ? "" : comment, clock.instant()));
    }

    @DELETE
    @Path("/ack")
    public Response unacknowledge(@HeaderParam("Authorization") String auth, @PathParam("id") String id, String json) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return denied.get();
        }
        String by = null;
        if (json != null && !json.isBlank()) {
            try {
                by = text(StrictJson.read(json, UnackRequest.class).by());
            } catch (IllegalArgumentException e) {
                return WriteAccess.error(400, e.getMessage());
            }
        }
        if (by != null && by.length() > WriteAccess.MAX_TEXT) {
            return WriteAccess.error(400, "by: at most " + WriteAccess.MAX_TEXT + " characters");
        }
        return answer(id, alerts.unacknowledge(id, by, clock.instant()));
    }

    private Response answer(String id, AlertEngine.AckResult r) {
        return switch (r) {
            case DONE -> Response.ok(view(alerts.incident(id).orElseThrow(), alerts.timeline(id))).build();
            case NOT_OPEN -> WriteAccess.error(409, "incident '" + id + "' is resolved: only an open incident is acknowledged");
            case UNKNOWN -> unknown(id);
        };
    }

    private static Response unknown(String id) {
        return WriteAccess.error(404, "unknown incident '" + id + "' (open, or resolved within the last "
                + AlertEngine.KEEP_RESOLVED_FOR.toDays() + " days)");
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static IncidentView view(Incident i, List<TimelineEntry> timeline) {
        return new IncidentView(i.id(), i.rule(), i.endpoint(), i.url(), i.severity().name(),
                i.state().name().toLowerCase(Locale.ROOT), i.firedAt(), i.resolvedAt(), StatusView.num(i.value()),
                StatusView.num(i.threshold()), i.text(), StatusView.num(i.firedValue()), i.firedText(), i.channels(),
                i.flapping(), i.acknowledged(), timeline.stream().map(Entry::of).toList());
    }
}
