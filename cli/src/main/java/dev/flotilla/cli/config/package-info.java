/** The config file ({@code ~/.flotilla/config}: named contexts of a URL and a token), login and context switching. */
package dev.flotilla.cli.config;
