package dev.flotilla.meta.config;

import dev.flotilla.meta.config.FlotillaProperties.Database;

/**
 * Which database the service runs on, decided once at start from the settings and the environment, so that the
 * embedded default is a choice nobody makes by accident in production:
 * <ul>
 *   <li>{@code auto} (the default): the server at {@code spring.datasource.url} when it is set; otherwise the
 *       embedded PostgreSQL, except where that is clearly a production replica ({@code flotilla.replicas} above 1,
 *       or running in Kubernetes): there the start is refused, naming what to set.</li>
 *   <li>{@code external}: the server at {@code spring.datasource.url}; refused when it is unset.</li>
 *   <li>{@code embedded}: the embedded PostgreSQL, also in Kubernetes (one replica with its data directory on a
 *       persistent volume); refused when {@code spring.datasource.url} is set too (a contradiction) or when
 *       {@code flotilla.replicas} is above 1 (each replica would keep its own inventory).</li>
 * </ul>
 */
public enum DatabaseMode {
    /** a PostgreSQL started by the service, with its data in {@code <data-dir>/postgres} */
    EMBEDDED,
    /** the server at {@code spring.datasource.url} */
    EXTERNAL;

    /**
     * @param setting {@code flotilla.database}
     * @param datasourceUrl {@code spring.datasource.url}, null or blank when unset
     * @param replicas {@code flotilla.replicas}
     * @param kubernetesServiceHost the {@code KUBERNETES_SERVICE_HOST} environment variable, null or blank when unset
     * @throws DatabaseStartRefused when the settings contradict each other or the embedded default would run as a
     *     production replica; its message says what to set
     */
    public static DatabaseMode decide(Database setting, String datasourceUrl, int replicas,
            String kubernetesServiceHost) {
        boolean urlSet = datasourceUrl != null && !datasourceUrl.isBlank();
        boolean inKubernetes = kubernetesServiceHost != null && !kubernetesServiceHost.isBlank();
        return switch (setting) {
            case EXTERNAL -> {
                if (!urlSet) {
                    throw new DatabaseStartRefused("flotilla.database is external but spring.datasource.url is not set.",
                            "Set SPRING_DATASOURCE_URL (with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD)"
                                    + " to your PostgreSQL, or unset FLOTILLA_DATABASE to run the embedded default.");
                }
                yield EXTERNAL;
            }
            case EMBEDDED -> {
                if (urlSet) {
                    throw new DatabaseStartRefused("flotilla.database is embedded but spring.datasource.url is set too:"
                            + " the two settings contradict each other.",
                            "Unset SPRING_DATASOURCE_URL to run the embedded PostgreSQL, or set FLOTILLA_DATABASE=external"
                                    + " (or auto) to use the server it names.");
                }
                refuseReplicas(replicas);
                yield EMBEDDED;
            }
            case AUTO -> {
                if (urlSet) {
                    yield EXTERNAL;
                }
                refuseReplicas(replicas);
                if (inKubernetes) {
                    throw new DatabaseStartRefused("Running in Kubernetes (KUBERNETES_SERVICE_HOST is set) with no"
                            + " spring.datasource.url: the embedded default would keep the inventory inside this pod.",
                            "Set SPRING_DATASOURCE_URL (with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD)"
                                    + " to your PostgreSQL, as the chart deploy/helm/flotilla-meta-controller does;"
                                    + " or set"
                                    + " FLOTILLA_DATABASE=embedded to run the embedded PostgreSQL on purpose (one replica,"
                                    + " FLOTILLA_DATA_DIR on a persistent volume).");
                }
                yield EMBEDDED;
            }
        };
    }

    private static void refuseReplicas(int replicas) {
        if (replicas > 1) {
            throw new DatabaseStartRefused("flotilla.replicas is " + replicas + " but spring.datasource.url is not set:"
                    + " the embedded PostgreSQL belongs to one process, so " + replicas
                    + " replicas would each keep a separate inventory.",
                    "Set SPRING_DATASOURCE_URL (with SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD) to the"
                            + " PostgreSQL all replicas share, or FLOTILLA_REPLICAS=1 if only one runs.");
        }
    }
}
