package io.healthmon.api;

import io.healthmon.setup.Settings;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The write endpoints' guard (silences, reload, test notifications): the bearer token
 * healthmon.api.token, compared in constant time; without a token configured they are disabled.
 */
final class WriteAccess {

    /** The longest free text a write endpoint keeps (a silence's comment, who acknowledged, ...). */
    static final int MAX_TEXT = 1000;

    private WriteAccess() {
    }

    /** Empty when the request may write; otherwise the 403 or 401 answer to give. */
    static Optional<Response> denied(String authorization, Settings settings) {
        if (settings.apiToken().isEmpty()) {
            return Optional.of(error(403, "write endpoints are disabled: set healthmon.api.token to enable them"));
        }
        byte[] expected = ("Bearer " + settings.apiToken().get()).getBytes(StandardCharsets.UTF_8);
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), expected)) {
            return Optional.of(Response.status(401).header("WWW-Authenticate", "Bearer").type(MediaType.APPLICATION_JSON)
                    .entity(new StatusView.Error("a valid 'Authorization: Bearer <healthmon.api.token>' header is required",
                            List.of())).build());
        }
        return Optional.empty();
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new StatusView.Error(message, List.of())).build();
    }
}
