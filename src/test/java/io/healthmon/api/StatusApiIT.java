package io.healthmon.api;

import io.healthmon.PlatformStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged artifact (the fast-jar, or the native binary when built with -Dnative). */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PlatformStub.class, restrictToAnnotatedClass = true)
class StatusApiIT extends StatusApiTest {
}
