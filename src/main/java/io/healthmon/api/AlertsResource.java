package io.healthmon.api;

import io.healthmon.alert.Acknowledgement;
import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.GroupState;
import io.healthmon.alert.Incident;
import io.healthmon.rule.Severity;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
    public record Alerts(List<Alert> open, List<Alert> resolved, List<GroupView> groups) {
    }

    /**
     * @param text        the value against the threshold now (once resolved: how it recovered)
     * @param firedText   what it fired with
     * @param notified    whether a message about it went out (false while a silence or inhibition holds it back)
     * @param inhibitedBy the open incident inhibiting it, or null
     * @param flapping    held firing by flap damping (it kept resolving and firing again)
     * @param groups      the ids of the notification groups it is told in
     * @param deliveries  the latest notification per channel: pending (with attempts and last
     *                    error), delivered or failed
     * @param acknowledged who said they are on it (null: nobody); its timeline is at /api/v1/incidents/{id}
     */
    @RegisterForReflection
    public record Alert(String id, String rule, String endpoint, String url, String severity, String state,
                        Instant since, Instant resolvedAt, Double value, Double threshold, String text,
                        Double firedValue, String firedText, List<String> channels, Boolean notified, Boolean escalated,
                        Boolean silenced, String inhibitedBy, boolean flapping, List<String> groups,
                        List<DeliveryStatus> deliveries, Acknowledgement acknowledged) {

        static Alert of(Incident i, Boolean notified, Boolean escalated, Boolean silenced, String inhibitedBy,
                        List<String> groups, List<DeliveryStatus> d) {
            return new Alert(i.id(), i.rule(), i.endpoint(), i.url(), i.severity().name(),
                    i.state().name().toLowerCase(Locale.ROOT), i.firedAt(), i.resolvedAt(), StatusView.num(i.value()),
                    StatusView.num(i.threshold()), i.text(), StatusView.num(i.firedValue()), i.firedText(), i.channels(),
                    notified, escalated, silenced, inhibitedBy, i.flapping(), groups, d, i.acknowledged());
        }
    }

    /**
     * A notification group on one channel.
     *
     * @param state     waiting (for its group wait to pass) or firing (its message went out)
     * @param severity  the highest severity it was told with (or will be)
     * @param incidents every incident that joined it, most severe first; {@code firing} those still firing
     */
    @RegisterForReflection
    public record GroupView(String id, String key, String channel, boolean escalation, String state, String severity,
                            Instant startedAt, Instant lastSent, List<String> incidents, List<String> firing,
                            List<DeliveryStatus> deliveries) {
    }

    @GET
    public Alerts alerts() {
        Instant now = clock.instant();
        List<GroupState> groups = alerts.groups();
        List<Incident> openIncidents = alerts.open();
        Set<String> open = openIncidents.stream().map(Incident::id).collect(Collectors.toSet());
        Map<String, AlertEngine.Membership> memberships = alerts.memberships();
        return new Alerts(
                openIncidents.stream().map(i -> {
                    Incident by = alerts.inhibitedBy(i);
                    AlertEngine.Membership m = AlertEngine.membership(memberships, i.id());
                    return Alert.of(i, m.notified(), m.escalated(), alerts.silenced(i, now),
                            by == null ? null : by.id(), m.groups(), deliveries(m.groups()));
                }).toList(),
                alerts.recentlyResolved().stream().map(i -> {
                    List<String> in = AlertEngine.membership(memberships, i.id()).groups();
                    return Alert.of(i, null, null, null, null, in, deliveries(in));
                }).toList(),
                groups.stream().map(g -> new GroupView(g.group().id(), g.group().key(), g.channel(), g.escalation(),
                        g.sent() ? "firing" : "waiting",
                        (g.sent() ? g.notified() : g.members().stream().map(Incident::severity).min(Severity::compareTo)
                                .orElseThrow()).name(),
                        g.group().startedAt(), g.lastSent(), g.members().stream().map(Incident::id).toList(),
                        g.members().stream().map(Incident::id).filter(open::contains).toList(),
                        delivery.deliveries(g.group().id()).stream().filter(d -> d.channel().equals(g.channel())).toList()))
                        .toList());
    }

    private List<DeliveryStatus> deliveries(List<String> groups) {
        return groups.stream().flatMap(g -> delivery.deliveries(g).stream()).toList();
    }
}
