/**
 * The meta-controller client: registration, facts, the work long poll, buffered status reports, all non-blocking;
 * and how its HTTP client reaches the meta-controller (CA bundle, client certificate, proxy).
 */
package dev.flotilla.agent.hub;
