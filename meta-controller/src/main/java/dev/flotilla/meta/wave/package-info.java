/**
 * The wave engine: plans targets into canary and waves, and drives a campaign through them with concurrency,
 * soak, approval and a failure budget. What a target's work is (a rollout's workload, an upgrade step) sits
 * behind {@link dev.flotilla.meta.wave.CampaignKind}, which may also carry a target's work on another cluster's agent
 * and hold targets back (maintenance windows).
 */
package dev.flotilla.meta.wave;
