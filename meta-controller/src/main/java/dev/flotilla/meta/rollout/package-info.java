/**
 * The rollout kind of campaign: move an application to a revision across the selected clusters, wave by wave, with
 * one work item per (cluster, application) that the agents converge on and report about.
 */
package dev.flotilla.meta.rollout;
