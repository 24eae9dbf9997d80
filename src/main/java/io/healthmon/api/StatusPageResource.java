package io.healthmon.api;

import io.healthmon.alert.AlertEngine;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.setup.Settings;
import io.healthmon.window.StatsStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Set;

/**
 * The status page at {@code /} and {@code /status}: server-rendered HTML with its styles inline
 * (nothing from a CDN: it must work offline and in the sidecar), refreshed by the browser every
 * 30 s without a line of JavaScript.
 */
@Path("/")
@RequestScoped // each request reads the parts of the running pipeline
public class StatusPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(StatusPage.Page page);
    }

    private final Settings.StatusPage settings;
    private final ProbeHistory history;
    private final StatsStore stats;
    private final AlertEngine alerts;
    private final Clock clock;

    public StatusPageResource(Settings settings, ProbeHistory history, StatsStore stats, AlertEngine alerts, Clock clock) {
        this.settings = settings.statusPage();
        this.history = history;
        this.stats = stats;
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String root() {
        return render();
    }

    @GET
    @Path("status")
    @Produces(MediaType.TEXT_HTML)
    public String status() {
        return render();
    }

    private String render() {
        if (!settings.enabled()) {
            throw new NotFoundException(); // healthmon.status-page.enabled: false
        }
        StatusPage.Source source = new StatusPage.Source(settings.title(), history.views(), stats::snapshot,
                name -> stats.days(name, StatsStore.DAYS_KEPT), alerts.open(), alerts.recentlyResolved(),
                Set.copyOf(settings.endpoints()));
        return Templates.page(StatusPage.of(source, clock.instant())).render();
    }
}
