package io.healthmon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import io.healthmon.Project;
import io.healthmon.setup.ConfigLoader;
import io.healthmon.setup.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes/*.yaml read as Kubernetes objects (no cluster here to apply them to): every
 * ConfigMap and Secret the healthmon container names is shipped beside it, its configuration
 * passes healthmon's own check, and the container is hardened the way the README says: non-root,
 * read-only root filesystem, no privilege escalation, no capabilities, liveness on
 * /q/health/live, memory requested, state on a volume; the sidecar has no readiness gate on the
 * application's traffic; the HA example runs two replicas under a disruption budget.
 */
class KubernetesManifestsTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(String file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : new Yaml().loadAll(Files.readString(Project.path("deploy", "kubernetes", file)))) {
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String p : path) {
            n = n == null ? null : ((Map<String, Object>) n).get(p);
        }
        return (T) n;
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sidecar.yaml", "ha.yaml"})
    void theHealthmonContainerIsHardenedAndEverythingItNamesIsShipped(String file) throws Exception {
        List<Map<String, Object>> objects = objects(file);
        Map<String, Object> deployment = of(objects, "Deployment").get(0);
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        List<Map<String, Object>> containers = at(pod, "containers");
        Map<String, Object> healthmon = containers.stream().filter(c -> "healthmon".equals(c.get("name"))).findFirst().orElseThrow();

        Map<String, Object> security = at(healthmon, "securityContext");
        assertEquals(true, security.get("runAsNonRoot"));
        assertEquals(true, security.get("readOnlyRootFilesystem"));
        assertEquals(false, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(security, "capabilities", "drop"));
        assertEquals("/q/health/live", at(healthmon, "livenessProbe", "httpGet", "path"));
        assertNotNull(at(healthmon, "resources", "requests", "memory"), "memory requested");
        List<Map<String, Object>> mounts = at(healthmon, "volumeMounts");
        Set<String> paths = new TreeSet<>();
        mounts.forEach(m -> paths.add((String) m.get("mountPath")));
        assertTrue(paths.containsAll(Set.of("/var/lib/healthmon", "/tmp", "/config")), "state, /tmp and config mounted: " + paths);

        // every Secret and ConfigMap named is in the file, and the configuration passes check-config
        Set<String> secrets = new TreeSet<>();
        of(objects, "Secret").forEach(s -> secrets.add(at(s, "metadata", "name")));
        List<Map<String, Object>> env = at(healthmon, "env");
        for (Map<String, Object> e : env) {
            String secret = at(e, "valueFrom", "secretKeyRef", "name");
            if (secret != null) {
                assertTrue(secrets.contains(secret), "Secret " + secret + " shipped in " + file);
                Map<String, Object> data = at(of(objects, "Secret").stream()
                        .filter(s -> secret.equals(at(s, "metadata", "name"))).findFirst().orElseThrow(), "stringData");
                assertTrue(data.containsKey(at(e, "valueFrom", "secretKeyRef", "key")), e.toString());
            }
        }
        List<Map<String, Object>> volumes = at(pod, "volumes");
        String configMap = volumes.stream().map(v -> (String) at(v, "configMap", "name")).filter(n -> n != null).findFirst().orElseThrow();
        Map<String, Object> config = of(objects, "ConfigMap").stream()
                .filter(c -> configMap.equals(at(c, "metadata", "name"))).findFirst().orElseThrow();
        Path dir = Files.createTempDirectory("healthmon-k8s");
        try {
            Path yaml = Files.writeString(dir.resolve("application.yaml"), (String) at(config, "data", "application.yaml"));
            Settings settings = ConfigLoader.settings(List.of(yaml));
            assertEquals(Path.of("/var/lib/healthmon"), settings.dataDir(), "the data directory is the mounted volume");
            if (file.equals("ha.yaml")) {
                assertEquals(Set.of("am-0", "am-1"), settings.channels().keySet(), "only Alertmanager channels");
                assertEquals(List.of(), settings.policy().escalation(), "Alertmanager escalates");
            }
        } finally {
            JarProcess.deleteTree(dir);
        }

        if (file.equals("sidecar.yaml")) {
            assertFalse(healthmon.containsKey("readinessProbe"), "a sick monitor must not take the application out of its Service");
            assertEquals("/q/health/live", at(healthmon, "startupProbe", "httpGet", "path"));
        } else {
            Object replicas = at(deployment, "spec", "replicas");
            assertEquals(2, replicas);
            Map<String, Object> pdb = of(objects, "PodDisruptionBudget").get(0);
            Object selector = at(deployment, "spec", "selector", "matchLabels");
            assertEquals(selector, at(pdb, "spec", "selector", "matchLabels"));
            Object min = at(pdb, "spec", "minAvailable");
            assertEquals(1, min);
        }
    }
}
