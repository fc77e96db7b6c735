/** How answers are printed: an aligned table for people, or the API's own JSON or YAML for scripts. */
package dev.flotilla.cli.output;
