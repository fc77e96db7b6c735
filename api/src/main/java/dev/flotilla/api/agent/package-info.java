/** The agent protocol: what a tenant agent sends to the meta-controller and what it receives. */
package dev.flotilla.api.agent;
