/** The cluster inventory: clusters, labels and selectors, cordon, bootstrap tokens and the fleet summary. */
package dev.flotilla.meta.cluster;
