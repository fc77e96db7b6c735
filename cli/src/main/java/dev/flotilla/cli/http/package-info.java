/** The REST API over HTTP: JSON calls, paging, problem details as errors, and the server-sent event streams. */
package dev.flotilla.cli.http;
