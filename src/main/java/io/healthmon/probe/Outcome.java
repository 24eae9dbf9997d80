package io.healthmon.probe;

import java.util.Locale;

/** The one class every probe result falls into. */
public enum Outcome {
    OK,
    /** The endpoint answered with a status code outside the expected set. */
    HTTP_STATUS,
    /** The body did not meet the endpoint's body condition (e.g. {@code status} is not {@code UP}). */
    BODY_MISMATCH,
    /** No complete answer (connect + response + body) before the deadline. */
    TIMEOUT,
    CONNECTION_REFUSED,
    /** The connection broke or was closed before a complete answer. */
    CONNECTION_RESET,
    DNS_FAILURE,
    TLS_FAILURE,
    /** Not JSON where JSON was required, or larger than the body cap. */
    INVALID_BODY;

    /** The label used in metrics, logs and the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean ok() {
        return this == OK;
    }

    /**
     * Whether the measured time says something about the endpoint's speed. A refused connection or
     * a failed DNS lookup returns fast and would drag the percentiles down, so it is left out of them.
     */
    public boolean hasLatency() {
        return switch (this) {
            case OK, HTTP_STATUS, BODY_MISMATCH, TIMEOUT, INVALID_BODY -> true;
            case CONNECTION_REFUSED, CONNECTION_RESET, DNS_FAILURE, TLS_FAILURE -> false;
        };
    }
}
