package dev.flotilla.api.kruise;

/** Manifests that use most fields of each model, with a status, to prove nothing is dropped on the way through. */
final class RoundTripManifests {

    static final String CLONE_SET = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: CloneSet
            metadata: {name: web, namespace: shop, generation: 4, labels: {team: checkout}}
            spec:
              replicas: 10
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}, annotations: {note: x}}
                spec:
                  readinessGates: [{conditionType: InPlaceUpdateReady}]
                  containers:
                  - name: app
                    image: web:v2
                    env: [{name: MODE, value: prod}]
                    resources: {requests: {cpu: 500m, memory: 256Mi}, limits: {memory: 1Gi}}
                    ports: [{containerPort: 8080, name: http}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
              scaleStrategy: {podsToDelete: [web-abcde], maxUnavailable: 10%, disablePVCReuse: true}
              updateStrategy:
                type: InPlaceIfPossible
                partition: 80%
                maxUnavailable: 1
                maxSurge: 0
                paused: false
                priorityStrategy:
                  weightPriority: [{weight: 50, matchSelector: {matchLabels: {zone: a}}}]
                scatterStrategy: [{key: zone, value: a}]
                inPlaceUpdateStrategy: {gracePeriodSeconds: 10}
              revisionHistoryLimit: 5
              minReadySeconds: 3
              progressDeadlineSeconds: 600
              lifecycle:
                preDelete: {finalizersHandler: [example.com/hold], markPodNotReady: true}
                inPlaceUpdate: {labelsHandler: {example.com/ready: "true"}}
            status:
              observedGeneration: 4
              replicas: 10
              readyReplicas: 9
              availableReplicas: 9
              updatedReplicas: 2
              updatedReadyReplicas: 2
              updatedAvailableReplicas: 2
              expectedUpdatedReplicas: 2
              updateRevision: web-7d9c
              currentRevision: web-5b8f
              collisionCount: 0
              labelSelector: app=web
              conditions:
              - {type: FailedScale, status: "False", reason: Ok, message: fine, lastTransitionTime: "2025-01-02T03:04:05Z"}
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
                rollingUpdate:
                  partition: 3
                  maxUnavailable: 20%
                  podUpdatePolicy: InPlaceIfPossible
                  paused: false
                  minReadySeconds: 5
                  inPlaceUpdateStrategy: {gracePeriodSeconds: 5}
                  unorderedUpdate:
                    priorityStrategy: {orderPriority: [{orderedKey: rank}]}
              revisionHistoryLimit: 3
              reserveOrdinals: [1, "3-5"]
              scaleStrategy: {maxUnavailable: 1}
              persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}
              ordinals: {start: 1}
              lifecycle: {preNormal: {labelsHandler: {example.com/warm: "true"}}}
            status:
              observedGeneration: 2
              replicas: 5
              readyReplicas: 5
              availableReplicas: 5
              currentReplicas: 3
              updatedReplicas: 2
              updatedReadyReplicas: 2
              updatedAvailableReplicas: 2
              currentRevision: db-1
              updateRevision: db-2
              collisionCount: 0
              labelSelector: app=db
              conditions: [{type: FailedUpdatePod, status: "False"}]
            """;

    static final String UNITED_DEPLOYMENT = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: UnitedDeployment
            metadata: {name: web-ud, namespace: shop}
            spec:
              replicas: 4
              revisionHistoryLimit: 10
              selector: {matchLabels: {app: web}}
              template:
                cloneSetTemplate:
                  metadata: {labels: {app: web}}
                  spec:
                    selector: {matchLabels: {app: web}}
                    template:
                      metadata: {labels: {app: web}}
                      spec: {containers: [{name: web, image: "web:2"}]}
                    updateStrategy: {type: InPlaceIfPossible}
              topology:
                scheduleStrategy: {type: Adaptive, adaptive: {rescheduleCriticalSeconds: 30}}
                subsets:
                - name: zone-a
                  nodeSelectorTerm: {matchExpressions: [{key: zone, operator: In, values: [a]}]}
                  tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
                  replicas: 50%
                  patch: {metadata: {labels: {zone: a}}}
                - name: zone-b
                  nodeSelectorTerm: {matchExpressions: [{key: zone, operator: In, values: [b]}]}
              updateStrategy:
                type: Manual
                manualUpdate: {partitions: {zone-a: 2, zone-b: 1}}
            status:
              observedGeneration: 3
              replicas: 4
              readyReplicas: 4
              updatedReplicas: 1
              updatedReadyReplicas: 1
              currentRevision: web-ud-1
              collisionCount: 0
              subsetReplicas: {zone-a: 2, zone-b: 2}
              subsetStatuses: [{name: zone-a, replicas: 2, readyReplicas: 2, partition: 2}]
              updateStatus: {updatedRevision: web-ud-2, currentPartitions: {zone-a: 2, zone-b: 1}}
              conditions: [{type: SubsetProvisioned, status: "True", lastTransitionTime: "2025-01-02T03:04:05Z"}]
            """;

    static final String SIDECAR_SET = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: SidecarSet
            metadata: {name: log-agent}
            spec:
              selector: {matchLabels: {app: web}}
              namespace: shop
              namespaceSelector: {matchLabels: {env: prod}}
              initContainers: [{name: init-logs, image: "busybox:1.36"}]
              containers:
              - name: log-agent
                image: "log-agent:1.0"
                podInjectPolicy: BeforeAppContainer
                upgradeStrategy: {upgradeType: HotUpgrade, hotUpgradeEmptyImage: "empty:1.0"}
                shareVolumePolicy: {type: enabled}
                transferEnv: [{sourceContainerName: app, envName: POD_IP}]
              volumes: [{name: logs, emptyDir: {}}]
              imagePullSecrets: [{name: registry}]
              revisionHistoryLimit: 5
              updateStrategy:
                type: RollingUpdate
                paused: false
                selector: {matchLabels: {canary: "true"}}
                partition: 50%
                maxUnavailable: 2
                scatterStrategy: [{key: zone, value: a}]
              injectionStrategy: {paused: false, revision: {revisionName: log-agent-1, policy: Always}}
              patchPodMetadata: [{annotations: {example.com/log: "on"}, patchPolicy: MergePatchJson}]
            status:
              observedGeneration: 1
              matchedPods: 10
              updatedPods: 5
              readyPods: 10
              updatedReadyPods: 5
              latestRevision: log-agent-1
              collisionCount: 0
            """;

    static final String BROADCAST_JOB = """
            apiVersion: apps.kruise.io/v1alpha1
            kind: BroadcastJob
            metadata: {name: warm-cache, namespace: ops}
            spec:
              parallelism: 50%
              paused: false
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: warm, image: "busybox:1.36", command: [sh, -c, echo warm]}]
              completionPolicy: {type: Always, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600}
              failurePolicy: {type: FailFast, restartLimit: 3}
            status:
              active: 1
              succeeded: 8
              failed: 0
              desired: 9
              phase: running
              startTime: "2025-01-02T03:04:05Z"
              conditions: [{type: Complete, status: "False", lastProbeTime: "2025-01-02T03:04:05Z"}]
            """;

    private RoundTripManifests() {
    }
}
