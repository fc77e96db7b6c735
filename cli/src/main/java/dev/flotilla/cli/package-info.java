/**
 * {@code flotilla}, the command line client of the meta-controller's REST API: the top command, the environment it
 * runs in, and the exit codes.
 */
package dev.flotilla.cli;
