/** {@code flotilla tokens} (API tokens) and {@code flotilla registration-tokens} (tokens agents join with). */
package dev.flotilla.cli.tokens;
