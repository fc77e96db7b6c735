/**
 * Kube-on-Kube upgrades: hosted tenant control planes, the Kubernetes version catalog, maintenance windows,
 * upgrade planning (one minor per hop, skew-policy order), preflight checks, and their execution as wave campaigns
 * of kind UPGRADE whose targets' steps the control planes' hosts carry out.
 */
package dev.flotilla.meta.upgrade;
