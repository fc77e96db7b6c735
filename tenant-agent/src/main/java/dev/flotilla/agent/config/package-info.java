/**
 * The runnable agent's configuration: the validated settings (what the agent is told, {@code AgentProperties}; how it
 * is reached and reaches out, {@code AgentNetworkProperties}), the wiring of the plain-Java core, and the management
 * port with its probes and Prometheus metrics.
 */
package dev.flotilla.agent.config;
