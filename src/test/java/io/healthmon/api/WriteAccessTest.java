package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestConfig;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The write endpoints' guard: disabled without a token, 401 for a missing or wrong one. */
class WriteAccessTest {

    private static Settings settings(String token) {
        return token.isEmpty() ? SettingsResolver.resolve(TestConfig.of(), "x@y")
                : SettingsResolver.resolve(TestConfig.of("healthmon.api.token", token), "x@y");
    }

    @ParameterizedTest(name = "token ''{0}'', header ''{1}'' -> {2}")
    @CsvSource({
        "'',       '',                  403",
        "'',       'Bearer s3cret',     403",
        "s3cret,   '',                  401",
        "s3cret,   'Bearer wrong',      401",
        "s3cret,   's3cret',            401",
        "s3cret,   'Bearer s3cret',     0"})
    void answers(String token, String header, int status) {
        var denied = WriteAccess.denied(header.isEmpty() ? null : header, settings(token));
        assertEquals(status, denied.map(r -> r.getStatus()).orElse(0));
        denied.ifPresent(r -> assertTrue(!String.valueOf(r.getEntity()).contains("s3cret"), "the token is never echoed"));
    }
}
