package io.healthmon.api;

import io.healthmon.setup.Settings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code POST /api/v1/reload}: what SIGHUP does, with the outcome in the answer: 200 and the new
 * configuration's summary, or 400 and one line per problem (the running configuration stays).
 */
@Path("/api/v1/reload")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped // each request reads the parts of the running pipeline
public class ReloadResource {

    private final Reloader reloader;
    private final Settings settings;

    public ReloadResource(Reloader reloader, Settings settings) {
        this.reloader = reloader;
        this.settings = settings;
    }

    @POST
    public Response reload(@HeaderParam("Authorization") String auth) {
        Optional<Response> denied = WriteAccess.denied(auth, settings);
        if (denied.isPresent()) {
            return denied.get();
        }
        ReloadResult r = reloader.reload("api");
        return Response.status(r.reloaded() ? 200 : 400).type(MediaType.APPLICATION_JSON).entity(r).build();
    }
}
