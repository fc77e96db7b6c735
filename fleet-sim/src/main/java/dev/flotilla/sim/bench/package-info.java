/**
 * The scale benchmark: a simulated fleet against a meta-controller process and a real PostgreSQL, measuring connect
 * time, idle cost, rollout time, dispatch latency and portal latency, and writing a report fragment.
 */
package dev.flotilla.sim.bench;
