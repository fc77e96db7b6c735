/**
 * The upgrade kind of campaign: Kubernetes version upgrades of hosted control planes, one cluster or a fleet in
 * waves. Preflight and hop plans per cluster, then one control-plane step at a time on the host's work list, started
 * only by the engine's pass over a running campaign ({@link dev.flotilla.meta.upgrade.UpgradeWork#progress}).
 */
package dev.flotilla.meta.upgrade;
