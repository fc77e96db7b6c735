/** The meta-controller client: registration, facts, the work long poll, buffered status reports; all non-blocking. */
package dev.flotilla.agent.hub;
