package dev.flotilla.meta.agentgateway;

/** A work item a report names: the kind that owns it and the campaign target (campaign, cluster) it serves. */
public record ItemRef(String workId, String kind, long campaignId, long clusterId) {
}
