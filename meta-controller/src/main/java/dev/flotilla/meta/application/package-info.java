/** Applications (a named Kruise workload in a namespace), their immutable revisions and where each runs. */
package dev.flotilla.meta.application;
