package dev.flotilla.meta.controlplane;

import dev.flotilla.meta.cluster.ClusterRecords;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.versions.ControlPlaneComponent;
import dev.flotilla.meta.versions.KubernetesRelease;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.web.FlotillaException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Where each tenant cluster's hosted control plane runs and at which version it was set up. */
@Service
public class ControlPlaneService {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneService.class);
    private static final String SELECT = """
            SELECT c.name, h.name AS host, cp.namespace, cp.version
            FROM control_plane cp JOIN cluster c ON c.id = cp.cluster_id
            LEFT JOIN cluster h ON h.id = cp.host_cluster_id
            WHERE cp.cluster_id = ?""";

    private final JdbcClient jdbc;
    private final ClusterRecords clusters;
    private final VersionCatalog catalog;

    ControlPlaneService(JdbcClient jdbc, ClusterRecords clusters, VersionCatalog catalog) {
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.catalog = catalog;
    }

    /** Sets (or moves) a cluster's control plane; the host must be another cluster the caller can see. */
    @Transactional
    public HostedControlPlane put(ApiCaller caller, String cluster, String hostCluster, String namespace,
            String version) {
        ClusterRecords.ClusterRow tenant = clusters.visible(caller, cluster);
        ClusterRecords.ClusterRow host = clusters.find(hostCluster).filter(h -> caller.sees(h.tenant()))
                .orElseThrow(() -> FlotillaException.badInput("field 'hostCluster': cluster '" + hostCluster
                        + "' is not registered").with("hostCluster", hostCluster));
        if (host.id() == tenant.id()) {
            throw FlotillaException.badInput("field 'hostCluster': a cluster cannot host its own control plane")
                    .with("hostCluster", hostCluster);
        }
        KubernetesRelease release = catalog.release(version).filter(r -> r.minor().toString().equals(version))
                .orElseThrow(() -> FlotillaException.badInput("field 'version': '" + version
                        + "' is not in the version catalog (known: " + known() + ")").with("version", version));
        jdbc.sql("""
                        INSERT INTO control_plane (cluster_id, host_cluster_id, namespace, version) VALUES (?, ?, ?, ?)
                        ON CONFLICT (cluster_id) DO UPDATE SET host_cluster_id = EXCLUDED.host_cluster_id,
                            namespace = EXCLUDED.namespace, version = EXCLUDED.version, updated_at = now(),
                            row_version = control_plane.row_version + 1""")
                .params(tenant.id(), host.id(), namespace, release.minor().toString())
                .update();
        log.info("Control plane of cluster {} set to {}/{} at {}", cluster, hostCluster, namespace, version);
        return new HostedControlPlane(cluster, hostCluster, namespace, release.minor());
    }

    @Transactional(readOnly = true)
    public HostedControlPlane get(ApiCaller caller, String cluster) {
        return find(clusters.visible(caller, cluster).id())
                .orElseThrow(() -> FlotillaException.notFound("control plane", cluster).with("cluster", cluster));
    }

    /**
     * The control plane's workloads at a catalog minor (its recorded version when null), generated as the upgrade
     * steps generate them.
     */
    @Transactional(readOnly = true)
    ControlPlaneWorkloads workloads(ApiCaller caller, String cluster, String version) {
        HostedControlPlane controlPlane = get(caller, cluster);
        MinorVersion minor = version == null ? controlPlane.version() : minor(version);
        KubernetesRelease release = catalog.release(minor).orElseThrow(() -> notInCatalog(minor));
        List<ControlPlaneWorkloads.Workload> items = Arrays.stream(ControlPlaneComponent.values())
                .map(component -> new ControlPlaneWorkloads.Workload(component, component.kind(),
                        component.kind().apiVersion(), component.workloadName(),
                        ControlPlaneManifests.manifest(controlPlane, component, release)))
                .toList();
        return new ControlPlaneWorkloads(cluster, controlPlane.hostCluster(), controlPlane.namespace(),
                release.minor(), release.kubernetesVersion(), items);
    }

    @Transactional
    public void delete(ApiCaller caller, String cluster) {
        long id = clusters.visible(caller, cluster).id();
        if (jdbc.sql("DELETE FROM control_plane WHERE cluster_id = ?").param(id).update() == 0) {
            throw FlotillaException.notFound("control plane", cluster).with("cluster", cluster);
        }
        log.info("Control plane of cluster {} removed", cluster);
    }

    /** Records the minor a cluster's control plane now runs (an upgrade finished a hop), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordVersion(long clusterId, MinorVersion version) {
        jdbc.sql("UPDATE control_plane SET version = ?, updated_at = now(), row_version = row_version + 1 WHERE cluster_id = ?")
                .params(version.toString(), clusterId).update();
    }

    /** The control plane of a cluster by id (for planners and the upgrade executor). */
    @Transactional(readOnly = true)
    public Optional<HostedControlPlane> find(long clusterId) {
        return jdbc.sql(SELECT).param(clusterId)
                .query((rs, i) -> new HostedControlPlane(rs.getString(1), rs.getString(2), rs.getString(3),
                        MinorVersion.of(rs.getString(4))))
                .optional();
    }

    /** A minor as the catalog names it ({@code 1.31}); a patch release or anything else is a 400. */
    private static MinorVersion minor(String version) {
        return MinorVersion.parse(version).filter(v -> v.toString().equals(version.strip()))
                .orElseThrow(() -> FlotillaException.badInput("parameter 'version' must be a Kubernetes minor like "
                        + "1.31 (was '" + version + "')").with("field", "version"));
    }

    /** A 409 with preflight's reason code for a catalog miss, so clients handle both alike. */
    private FlotillaException notInCatalog(MinorVersion minor) {
        return FlotillaException.conflict("version '" + minor + "' is not in the version catalog (known: " + known()
                        + ")")
                .with("version", minor.toString())
                .with("reasons", List.of(VersionCatalog.TARGET_UNKNOWN));
    }

    private String known() {
        return catalog.releases().stream().map(r -> r.minor().toString()).collect(Collectors.joining(", "));
    }
}
