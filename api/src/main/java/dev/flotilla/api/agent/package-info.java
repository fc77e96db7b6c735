/**
 * The agent protocol: what a tenant agent sends to the meta-controller and what it receives. Its version is
 * {@link dev.flotilla.api.agent.AgentProtocol}; its records ignore fields they do not know, so either side may be a
 * minor version ahead.
 */
package dev.flotilla.api.agent;
