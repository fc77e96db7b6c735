package dev.flotilla.cli.output;

/** The {@code -o} choices. */
public enum Format { table, json, yaml }
