/**
 * Reusable registration tokens: an admin issues one for a tenant (labels, optional region and zone, a lifetime and
 * a number of uses), and every agent started with it and a cluster name adds its own cluster to the inventory.
 */
package dev.flotilla.meta.registration;
