package dev.flotilla.api.kruise;

import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic manifests of each kind, as maps, and a way to set or remove one field by its path. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static final String CLONE_SET = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: CloneSet
            metadata: {name: web, namespace: shop, labels: {team: checkout}}
            spec:
              replicas: 10
              selector:
                matchLabels: {app: web}
                matchExpressions:
                - {key: tier, operator: In, values: [frontend, edge]}
                - {key: canary, operator: DoesNotExist}
              template:
                metadata: {labels: {app: web, tier: frontend}}
                spec:
                  containers:
                  - name: app
                    image: web:v2
                    resources: {requests: {cpu: 500m, memory: 256Mi}}
              updateStrategy: {type: InPlaceIfPossible, partition: 8, maxUnavailable: 1}
            """;

    static final String STATEFUL_SET = """
            apiVersion: apps.kruise.io/v1beta1
            kind: StatefulSet
            metadata: {name: db, namespace: shop}
            spec:
              replicas: 5
              serviceName: db
              podManagementPolicy: Parallel
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  readinessGates: [{conditionType: InPlaceUpdateReady}]
                  containers: [{name: db, image: "db:1.2"}]
              updateStrategy:
                type: RollingUpdate
                rollingUpdate: {podUpdatePolicy: InPlaceIfPossible, partition: 3, maxUnavailable: 20%}
              reserveOrdinals: [1, "3-5"]
            """;

    static final String UNITED_DEPLOYMENT = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: UnitedDeployment
            metadata: {name: sample-ud, namespace: shop}
            spec:
              replicas: 6
              revisionHistoryLimit: 10
              selector: {matchLabels: {app: sample}}
              template:
                advancedStatefulSetTemplate:
                  metadata: {labels: {app: sample}}
                  spec:
                    selector: {matchLabels: {app: sample}}
                    template:
                      metadata: {labels: {app: sample}}
                      spec: {containers: [{name: nginx, image: "nginx:alpine"}]}
              topology:
                subsets:
                - name: subset-a
                  nodeSelectorTerm:
                    matchExpressions: [{key: node, operator: In, values: [zone-a]}]
                  replicas: 1
                - name: subset-b
                  nodeSelectorTerm:
                    matchExpressions: [{key: node, operator: In, values: [zone-b]}]
                  replicas: 50%
                - name: subset-c
                  nodeSelectorTerm:
                    matchExpressions: [{key: node, operator: In, values: [zone-c]}]
              updateStrategy:
                type: Manual
                manualUpdate: {partitions: {subset-a: 0, subset-b: 0, subset-c: 0}}
            """;

    static final String SIDECAR_SET = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: SidecarSet
            metadata: {name: log-agent}
            spec:
              selector: {matchLabels: {app: web}}
              containers:
              - name: log-agent
                image: "log-agent:1.0"
                podInjectPolicy: BeforeAppContainer
                upgradeStrategy: {upgradeType: ColdUpgrade}
              volumes: [{name: logs, emptyDir: {}}]
              updateStrategy: {type: RollingUpdate, partition: 50%, maxUnavailable: 1}
            """;

    static final String BROADCAST_JOB = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: BroadcastJob
            metadata: {name: warm-cache, namespace: ops}
            spec:
              parallelism: 50%
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: warm, image: "busybox:1.36", command: [sh, -c, echo warm]}]
              completionPolicy: {type: Always, ttlSecondsAfterFinished: 600}
              failurePolicy: {type: FailFast}
            """;

    private Manifests() {
    }

    static Map<String, Object> valid(WorkloadKind kind) {
        return parse(switch (kind) {
            case CloneSet -> CLONE_SET;
            case StatefulSet -> STATEFUL_SET;
            case UnitedDeployment -> UNITED_DEPLOYMENT;
            case SidecarSet -> SIDECAR_SET;
            case BroadcastJob -> BROADCAST_JOB;
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml) {
        return SERIALIZATION.unmarshal(yaml, LinkedHashMap.class);
    }

    /** Sets the field at a dotted path (list items as {@code name[0]}), creating objects on the way. */
    static Map<String, Object> with(Map<String, Object> manifest, String path, Object value) {
        String[] steps = path.split("\\.");
        Object node = manifest;
        for (int i = 0; i < steps.length - 1; i++) {
            node = child(node, steps[i]);
        }
        put(node, steps[steps.length - 1], value);
        return manifest;
    }

    static Map<String, Object> without(Map<String, Object> manifest, String path) {
        return with(manifest, path, Removed.INSTANCE);
    }

    private enum Removed { INSTANCE }

    @SuppressWarnings("unchecked")
    private static Object child(Object node, String step) {
        int bracket = step.indexOf('[');
        if (bracket >= 0) {
            List<Object> list = (List<Object>) ((Map<String, Object>) node).get(step.substring(0, bracket));
            return list.get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
        }
        return ((Map<String, Object>) node).computeIfAbsent(step, k -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static void put(Object node, String step, Object value) {
        Map<String, Object> map = (Map<String, Object>) node;
        if (value == Removed.INSTANCE) {
            map.remove(step);
        } else {
            map.put(step, value);
        }
    }
}
