package dev.flotilla.sim.fleet;

import dev.flotilla.sim.backend.SimulationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What fleet to simulate and how its agents behave.
 *
 * @param hub the meta-controller's base URL (portal and agent API)
 * @param adminToken an admin API token: clusters are created through the portal API with it
 * @param clusters how many clusters
 * @param namePrefix cluster names are {@code <prefix>-<nnnnn>}
 * @param regions region names; clusters are spread round-robin over regions, then over each region's zones
 * @param zonesPerRegion zones {@code <region>-a}, {@code <region>-b}... per region
 * @param tenants tenants assigned round-robin
 * @param nodes nodes per cluster
 * @param simulation pod timings, time scale and failing images for every simulated cluster
 * @param brokenClusters names of clusters whose pods of any new revision never become ready
 * @param createConcurrency cluster creations in flight at once
 * @param startSpread agents start evenly over this time, so thousands do not register in one burst
 * @param tick how often each agent reconciles its work (simulated pods move on reads)
 * @param pollTimeout the long-poll wait asked before registration advises one
 * @param factsInterval how often each agent rediscovers its cluster's facts (pushed when they changed)
 */
public record FleetSpec(
        URI hub,
        String adminToken,
        int clusters,
        String namePrefix,
        List<String> regions,
        int zonesPerRegion,
        List<String> tenants,
        int nodes,
        SimulationSettings simulation,
        Set<String> brokenClusters,
        int createConcurrency,
        Duration startSpread,
        Duration tick,
        Duration pollTimeout,
        Duration factsInterval) {

    public FleetSpec {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(adminToken, "adminToken");
        regions = List.copyOf(regions);
        tenants = List.copyOf(tenants);
        brokenClusters = brokenClusters == null ? Set.of() : Set.copyOf(brokenClusters);
        if (clusters < 0 || regions.isEmpty() || tenants.isEmpty() || zonesPerRegion < 1 || createConcurrency < 1) {
            throw new IllegalArgumentException("a fleet needs clusters >= 0, a region, a tenant, a zone per region "
                    + "and a creation concurrency of at least 1");
        }
    }

    /** {@code clusters} clusters in 3 regions of 3 zones, tenant {@code shop}, Kubernetes-like timings. */
    public static FleetSpec of(URI hub, String adminToken, int clusters) {
        return new FleetSpec(hub, adminToken, clusters, "sim", List.of("eu-west", "us-east", "ap-south"), 3,
                List.of("shop"), 3, SimulationSettings.defaults(), Set.of(), 16,
                Duration.ofMillis(Math.min(10_000, clusters * 2L)), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    public FleetSpec withNamePrefix(String prefix) {
        return new FleetSpec(hub, adminToken, clusters, prefix, regions, zonesPerRegion, tenants, nodes, simulation,
                brokenClusters, createConcurrency, startSpread, tick, pollTimeout, factsInterval);
    }

    public FleetSpec withSimulation(SimulationSettings settings) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                settings, brokenClusters, createConcurrency, startSpread, tick, pollTimeout, factsInterval);
    }

    public FleetSpec withBrokenClusters(Set<String> names) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                simulation, names, createConcurrency, startSpread, tick, pollTimeout, factsInterval);
    }

    public FleetSpec withStartSpread(Duration spread) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                simulation, brokenClusters, createConcurrency, spread, tick, pollTimeout, factsInterval);
    }

    public FleetSpec withTick(Duration every) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                simulation, brokenClusters, createConcurrency, startSpread, every, pollTimeout, factsInterval);
    }

    public FleetSpec withCreateConcurrency(int concurrency) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                simulation, brokenClusters, concurrency, startSpread, tick, pollTimeout, factsInterval);
    }

    public FleetSpec withFactsInterval(Duration every) {
        return new FleetSpec(hub, adminToken, clusters, namePrefix, regions, zonesPerRegion, tenants, nodes,
                simulation, brokenClusters, createConcurrency, startSpread, tick, pollTimeout, every);
    }

    /** The name of the i-th cluster (0-based). */
    public String name(int index) {
        return String.format("%s-%05d", namePrefix, index);
    }
}
