/** Analysis gates: waves promoted by metrics from a provider (Prometheus), measured apart from the engine's passes. */
package dev.flotilla.meta.analysis;
