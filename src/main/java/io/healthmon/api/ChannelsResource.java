package io.healthmon.api;

import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.healthmon.notify.Senders;
import io.healthmon.notify.TestNotification;
import io.healthmon.setup.Settings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v1/channels/{name}/test}: a clearly marked test message through the channel's
 * real sender, answered with what the channel said, within its own timeout (the "Test" button).
 */
@Path("/api/v1/channels")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class ChannelsResource {

    private final Senders senders;
    private final Settings settings;
    private final Clock clock;

    public ChannelsResource(Senders senders, Settings settings, Clock clock) {
        this.senders = senders;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param outcome delivered, retry (worth trying again later) or permanent (the channel refuses it)
     * @param reason  the channel's answer in healthmon's words (e.g. "HTTP 404"), never a secret
     */
    @RegisterForReflection
    public record TestResult(String channel, String outcome, String reason, Long retryAfterSeconds) {

        static TestResult of(String channel, SendResult r) {
            Long after = r instanceof SendResult.Retry retry && retry.after() != null ? retry.after().toSeconds() : null;
            String outcome = r.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            return new TestResult(channel, outcome, r.reason(), after);
        }
    }

    @POST
    @Path("/{name}/test")
    public CompletionStage<Response> test(@HeaderParam("Authorization") String auth, @PathParam("name") String name,
                                          @QueryParam("by") String by) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return CompletableFuture.completedFuture(denied.get());
        }
        Optional<Sender> sender = senders.configured(name);
        if (sender.isEmpty()) {
            return CompletableFuture.completedFuture(settings.unconfiguredChannels().contains(name)
                    ? WriteAccess.error(409, "channel '" + name + "' is not configured (no URL, key or recipients):"
                            + " what would go to it goes to the log channel")
                    : Response.status(404).type(MediaType.APPLICATION_JSON)
                            .entity(new StatusView.Error("unknown channel '" + name + "'", new ArrayList<>(senders.names())))
                            .build());
        }
        String who = by == null || by.isBlank() ? "an operator" : clip(by.strip().replaceAll("\\p{Cntrl}", ""), 64);
        return Senders.attempt(sender.get(), TestNotification.of(name, who, clock.instant())).toCompletionStage()
                .thenApply(r -> Response.status(r instanceof SendResult.Delivered ? 200 : 502).type(MediaType.APPLICATION_JSON)
                        .entity(TestResult.of(name, r)).build());
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
