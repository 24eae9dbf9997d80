package io.healthmon.probe;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Maps a failed exchange to an outcome. Messages are our own words plus the host, never the
 * exception's text verbatim, which may carry a URL with a credential in it.
 */
public final class FailureClassifier {

    public record Failure(Outcome outcome, String message) {
    }

    private FailureClassifier() {
    }

    public static Failure classify(Throwable error, String hostPort) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String cls = t.getClass().getName();
            String msg = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof UnknownHostException || cls.contains("DnsNameResolver") || msg.contains("failed to resolve")) {
                return new Failure(Outcome.DNS_FAILURE, "cannot resolve " + host(hostPort));
            }
            if (t instanceof SSLException || cls.contains("ssl") || cls.contains("Ssl")) {
                return new Failure(Outcome.TLS_FAILURE, "TLS handshake with " + hostPort + " failed: " + tlsReason(t));
            }
            if (t instanceof TimeoutException || cls.endsWith("ConnectTimeoutException")) {
                return new Failure(Outcome.TIMEOUT, "connect to " + hostPort + " timed out");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                if (msg.contains("refused")) {
                    return new Failure(Outcome.CONNECTION_REFUSED, "connection refused by " + hostPort);
                }
                if (msg.contains("timed out")) {
                    return new Failure(Outcome.TIMEOUT, "connect to " + hostPort + " timed out");
                }
                return new Failure(Outcome.CONNECTION_REFUSED, "cannot connect to " + hostPort);
            }
        }
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String what = root instanceof ClosedChannelException || String.valueOf(root.getMessage()).contains("closed")
                ? "connection closed by " + hostPort + " before a complete response"
                : malformed(root) ? hostPort + " answered with something that is not HTTP (status line or headers malformed"
                        + " or too long)"
                : "connection to " + hostPort + " broke: " + root.getClass().getSimpleName();
        return new Failure(Outcome.CONNECTION_RESET, what);
    }

    /** What the HTTP decoder throws at a bad status line (IllegalArgumentException) or oversized headers. */
    private static boolean malformed(Throwable root) {
        String cls = root.getClass().getSimpleName();
        return root instanceof IllegalArgumentException || cls.equals("TooLongFrameException")
                || cls.equals("TooLongHttpHeaderException") || cls.equals("TooLongHttpLineException") || cls.equals("DecoderException");
    }

    private static String host(String hostPort) {
        int i = hostPort.lastIndexOf(':');
        return i > 0 ? hostPort.substring(0, i) : hostPort;
    }

    private static String tlsReason(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("certificate") || m.contains("pkix") || m.contains("path")) {
            return "certificate not trusted";
        }
        if (m.contains("hostname") || m.contains("subject alternative")) {
            return "certificate does not match host";
        }
        return t.getClass().getSimpleName();
    }
}
