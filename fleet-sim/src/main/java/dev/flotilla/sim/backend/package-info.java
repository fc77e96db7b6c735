/**
 * An in-memory model of the Kruise controllers behind the same ClusterBackend, advanced lazily from a clock, and the
 * other objects a simulated cluster holds.
 */
package dev.flotilla.sim.backend;
