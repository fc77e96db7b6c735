package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;

/**
 * One work item as a campaign kind hands it to the gateway, to be placed on one or more clusters' lists.
 *
 * @param kind the campaign kind that owns the item and takes its reports ({@link WorkOwner#kind()})
 * @param campaignId the campaign whose targets the item serves
 * @param slot what the item occupies on its carrier (one workload), e.g. {@code application/shop}; a later item for
 *             the same slot replaces it and its generation grows
 * @param workId the id the agent reports under; starts with the owner's prefix
 * @param payload the kind's own facts about the item, handed back with every report (small, JSON-serializable)
 * @param application what the agent calls the workload's owner (an application, a control-plane component)
 * @param name the workload's metadata.name
 * @param revision the revision the manifest belongs to
 * @param rollback the manifest is the previous revision, applied in one batch
 * @param resources the bundle in apply order ({@code WorkItem.resources}); {@code manifest} then repeats its first
 *                  workload. Null for a single-workload item
 * @param uninstall the agent removes everything it applied for {@code application} ({@code resources} empty)
 */
public record WorkSpec(String kind, long campaignId, String slot, String workId, Map<String, Object> payload,
        String application, WorkloadKind workloadKind, String namespace, String name, int revision,
        Map<String, Object> manifest, ClusterStrategy strategy, boolean rollback, List<Map<String, Object>> resources,
        boolean uninstall) {

    /** A single-workload item. */
    public WorkSpec(String kind, long campaignId, String slot, String workId, Map<String, Object> payload,
            String application, WorkloadKind workloadKind, String namespace, String name, int revision,
            Map<String, Object> manifest, ClusterStrategy strategy, boolean rollback) {
        this(kind, campaignId, slot, workId, payload, application, workloadKind, namespace, name, revision, manifest,
                strategy, rollback, null, false);
    }
}
