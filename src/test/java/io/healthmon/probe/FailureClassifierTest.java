package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

    private static Outcome classify(Throwable t) {
        return FailureClassifier.classify(t, "db.test:443").outcome();
    }

    @Test
    void mapsEachFailureFamilyToItsOutcome() {
        assertEquals(Outcome.CONNECTION_REFUSED, classify(new ConnectException("Connection refused: db.test/10.0.0.1:443")));
        assertEquals(Outcome.TIMEOUT, classify(new ConnectException("connection timed out: db.test")));
        assertEquals(Outcome.TIMEOUT, classify(new TimeoutException("pool wait")));
        assertEquals(Outcome.DNS_FAILURE, classify(new UnknownHostException("db.test")));
        assertEquals(Outcome.TLS_FAILURE, classify(new SSLHandshakeException("PKIX path building failed")));
        assertEquals(Outcome.CONNECTION_RESET, classify(new IOException("Connection reset by peer")));
    }

    @Test
    void looksThroughWrappingExceptions() {
        assertEquals(Outcome.DNS_FAILURE, classify(new RuntimeException(new UnknownHostException("db.test"))));
    }

    @Test
    void messagesAreOwnWordsWithoutTheExceptionText() {
        FailureClassifier.Failure f = FailureClassifier.classify(
                new SSLHandshakeException("PKIX path building failed for https://x.test/?key=s3cret"), "x.test:443");
        assertEquals("TLS handshake with x.test:443 failed: certificate not trusted", f.message());
        assertEquals("cannot resolve db.test", FailureClassifier.classify(new UnknownHostException("x"), "db.test:443").message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notHttp")
    void anAnswerThatIsNotHttpIsNamedSo(String what, Throwable error) {
        FailureClassifier.Failure f = FailureClassifier.classify(error, "db.test:80");
        assertEquals(Outcome.CONNECTION_RESET, f.outcome());
        assertEquals("db.test:80 answered with something that is not HTTP (status line or headers malformed or too long)",
                f.message(), what);
    }

    static Stream<Arguments> notHttp() {
        return Stream.of(
                Arguments.of("a bad status line", new IllegalArgumentException("invalid version format: GARBAGE")),
                Arguments.of("oversized headers", new TooLongFrameException("HTTP header is larger than 8192 bytes.")),
                Arguments.of("wrapped", new RuntimeException(new DecoderException(new TooLongFrameException("line")))));
    }
}
