/** An in-memory model of the Kruise controllers behind the same ClusterBackend, advanced lazily from a clock. */
package dev.flotilla.sim.backend;
