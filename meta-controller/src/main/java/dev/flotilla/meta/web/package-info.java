/** Cross-cutting web concerns: bearer-token security, problem details, small shared utilities. */
package dev.flotilla.meta.web;
