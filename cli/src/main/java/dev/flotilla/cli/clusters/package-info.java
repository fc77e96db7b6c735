/** {@code flotilla clusters}: list, show, cordon, uncordon and remove clusters of the inventory. */
package dev.flotilla.cli.clusters;
