package io.healthmon.notify.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.Map;

/** A real SMTP server (GreenMail) on loopback, with quarkus-mailer pointed at it. */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    static GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.setUser("healthmon", "smtp-pa55word");
        greenMail.start();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(port),
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.username", "healthmon",
                "quarkus.mailer.password", "smtp-pa55word",
                "quarkus.mailer.auth-methods", "PLAIN LOGIN",
                "quarkus.mailer.from", "healthmon@example.com",
                "healthmon.channels.email.to", "oncall@example.com");
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
