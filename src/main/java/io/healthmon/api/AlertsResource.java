package io.healthmon.api;

import io.healthmon.Monitor;
import io.healthmon.alert.Incident;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
public class AlertsResource {

    private final Monitor monitor;

    public AlertsResource(Monitor monitor) {
        this.monitor = monitor;
    }

    @RegisterForReflection
    public record Alerts(List<Alert> open, List<Alert> resolved) {
    }

    @RegisterForReflection
    public record Alert(String id, String rule, String endpoint, String url, String severity, String state,
                        Instant since, Instant resolvedAt, Double value, Double threshold, String text,
                        List<String> channels) {

        static Alert of(Incident i) {
            return new Alert(i.id(), i.rule(), i.endpoint(), i.url(), i.severity().name(),
                    i.state().name().toLowerCase(Locale.ROOT), i.firedAt(), i.resolvedAt(), StatusView.num(i.value()),
                    StatusView.num(i.threshold()), i.text(), i.channels());
        }
    }

    @GET
    public Alerts alerts() {
        return new Alerts(monitor.alerts().open().stream().map(Alert::of).toList(),
                monitor.alerts().recentlyResolved().stream().map(Alert::of).toList());
    }
}
