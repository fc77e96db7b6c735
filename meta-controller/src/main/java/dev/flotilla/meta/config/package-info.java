/** The meta-controller's settings and the embedded PostgreSQL default. */
package dev.flotilla.meta.config;
