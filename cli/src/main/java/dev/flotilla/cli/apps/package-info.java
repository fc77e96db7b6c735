/** {@code flotilla apps}: applications and their revisions (a revision is a Kruise workload manifest). */
package dev.flotilla.cli.apps;
