package io.healthmon.notify;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where the latest notification of an incident on a channel stands, for the alerts API.
 *
 * @param state pending, delivered or failed
 */
@RegisterForReflection
public record DeliveryStatus(String channel, String kind, String state, int attempts, String lastError) {
}
