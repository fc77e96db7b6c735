/**
 * The meta-controller's heap: {@link dev.flotilla.meta.heap.QuietHeap} lowers the collector's soft limit while no
 * campaign moves, so a replica holding thousands of parked polls gives memory back between rollouts.
 */
package dev.flotilla.meta.heap;
