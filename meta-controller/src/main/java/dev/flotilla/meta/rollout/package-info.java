/**
 * Rollouts: move an application to a revision across the selected clusters, wave by wave (the wave engine),
 * with one work item per (cluster, application) that the agents converge on and report about.
 */
package dev.flotilla.meta.rollout;
