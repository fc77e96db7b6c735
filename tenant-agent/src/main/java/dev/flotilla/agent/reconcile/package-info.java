/** The level-triggered loop that converges a cluster on its work items batch by batch and reports on change. */
package dev.flotilla.agent.reconcile;
