/**
 * {@code flotilla rollouts}: create, read and control rollouts, and follow any campaign's event stream with a
 * progress display (upgrades reuse it).
 */
package dev.flotilla.cli.campaigns;
