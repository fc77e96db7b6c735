/** {@code flotilla upgrades}: plan, start and follow Kubernetes version upgrade campaigns. */
package dev.flotilla.cli.upgrades;
