/**
 * The level-triggered loop that converges a cluster on its work items batch by batch and reports on change; a
 * bundle item's other resources, its inventory, pruning and uninstall ({@code BundleDriver}).
 */
package dev.flotilla.agent.reconcile;
