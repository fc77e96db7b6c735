/**
 * The fleet simulator: thousands of tenant agents on simulated clusters in one JVM, each created through the portal
 * API and talking to the meta-controller over real HTTP, plus the one-command demo and the scale benchmark built on it.
 */
package dev.flotilla.sim.fleet;
