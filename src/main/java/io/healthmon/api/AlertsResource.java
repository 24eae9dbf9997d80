package io.healthmon.api;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.notify.DeliveryQueue;
import jakarta.enterprise.context.RequestScoped;
import io.healthmon.notify.DeliveryStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Clock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Open and recently resolved incidents. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class AlertsResource {

    private final AlertEngine alerts;
    private final DeliveryQueue delivery;
    private final Clock clock;

    public AlertsResource(AlertEngine alerts, DeliveryQueue delivery, Clock clock) {
        this.alerts = alerts;
        this.delivery = delivery;
        this.clock = clock;
    }

    @RegisterForReflection
    public record Alerts(List<Alert> open, List<Alert> resolved) {
    }

    /**
     * @param notified   whether its trigger went out (false while a silence holds it back)
     * @param flapping   held firing by flap damping (it kept resolving and firing again)
     * @param deliveries the latest notification per channel: pending (with attempts and last
     *                   error), delivered or failed
     */
    @RegisterForReflection
    public record Alert(String id, String rule, String endpoint, String url, String severity, String state,
                        Instant since, Instant resolvedAt, Double value, Double threshold, String text,
                        List<String> channels, Boolean notified, Boolean escalated, Boolean silenced,
                        boolean flapping, List<DeliveryStatus> deliveries) {

        static Alert of(Incident i, Boolean notified, Boolean escalated, Boolean silenced, List<DeliveryStatus> d) {
            return new Alert(i.id(), i.rule(), i.endpoint(), i.url(), i.severity().name(),
                    i.state().name().toLowerCase(Locale.ROOT), i.firedAt(), i.resolvedAt(), StatusView.num(i.value()),
                    StatusView.num(i.threshold()), i.text(), i.channels(), notified, escalated, silenced, i.flapping(), d);
        }
    }

    @GET
    public Alerts alerts() {
        Instant now = clock.instant();
        return new Alerts(
                alerts.tracked().stream().map(t -> Alert.of(t.incident(), t.notified(), t.escalated(),
                        alerts.silenced(t.incident(), now), delivery.deliveries(t.incident().id()))).toList(),
                alerts.recentlyResolved().stream().map(i -> Alert.of(i, null, null, null, delivery.deliveries(i.id()))).toList());
    }
}
