/** The agent API: registration, facts, the work long poll, heartbeats and status reports. */
package dev.flotilla.meta.agentgateway;
