package io.healthmon.notify;

import io.quarkus.mailer.Mail;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * What senders are made with.
 *
 * @param http one JSON poster with the given deadline (the composition root owns and closes them)
 * @param mail sends one mail (quarkus-mailer in production)
 */
public record SenderContext(Function<Duration, HttpPost> http, Function<Mail, Uni<Void>> mail, Clock clock) {
}
