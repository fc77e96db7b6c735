package dev.flotilla.meta.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Plays a host cluster's agent through upgrade steps: every item it has not finished yet is reported APPLYING and
 * then SUCCEEDED (or FAILED when asked), and the order each tenant's components arrived in is kept.
 */
final class HostAgent {

    private final HostedFleet fleet;
    private final String host;
    private final Set<String> finished = new HashSet<>();
    private final Map<String, List<String>> order = new LinkedHashMap<>();
    private final List<JsonNode> etcdManifests = new ArrayList<>();

    HostAgent(HostedFleet fleet, String host) {
        this.fleet = fleet;
        this.host = host;
    }

    /** The items not finished yet, by tenant (application is {@code <tenant>-<component>}). */
    List<JsonNode> open() {
        return fleet.work(host).stream().filter(i -> !finished.contains(key(i))).toList();
    }

    /** Finishes every open item whose tenant passes; answers how many. */
    int finishOpen(java.util.function.Predicate<String> tenants) {
        int n = 0;
        for (JsonNode item : open()) {
            String tenant = tenant(item);
            if (!tenants.test(tenant)) {
                continue;
            }
            order.computeIfAbsent(tenant, t -> new ArrayList<>())
                    .add(item.path("name").asString() + "@1." + item.path("revision").asInt());
            if (item.path("name").asString().equals("etcd")) {
                etcdManifests.add(item.path("manifest"));
            }
            assertThat(fleet.report(host, item, "APPLYING")).isEqualTo(204);
            assertThat(fleet.report(host, item, "SUCCEEDED")).isEqualTo(204);
            finished.add(key(item));
            n++;
        }
        return n;
    }

    void fail(JsonNode item) {
        assertThat(fleet.report(host, item, "FAILED")).isEqualTo(204);
        finished.add(key(item));
    }

    Map<String, List<String>> order() {
        return order;
    }

    List<JsonNode> etcdManifests() {
        return etcdManifests;
    }

    static String tenant(JsonNode item) {
        String application = item.path("application").asString();
        return application.substring(0, application.length() - item.path("name").asString().length() - 1);
    }

    private static String key(JsonNode item) {
        return item.path("workId").asString() + "#" + item.path("generation").asLong();
    }
}
