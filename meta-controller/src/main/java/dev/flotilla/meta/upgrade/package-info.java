/**
 * Kube-on-Kube upgrades: hosted tenant control planes, the Kubernetes version catalog, maintenance windows,
 * upgrade planning (one minor per hop, skew-policy order), preflight checks and the upgrade records.
 */
package dev.flotilla.meta.upgrade;
