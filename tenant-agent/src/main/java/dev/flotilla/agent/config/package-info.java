/** The runnable agent's configuration: one validated properties record and the wiring of the plain-Java core. */
package dev.flotilla.agent.config;
