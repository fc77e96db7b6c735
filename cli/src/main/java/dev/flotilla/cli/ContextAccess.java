package dev.flotilla.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The {@link CliContext} of the running command line, for commands that call no API. */
public final class ContextAccess {

    private ContextAccess() {
    }

    public static CliContext of(CommandSpec spec) {
        return ((Flotilla) spec.root().userObject()).context();
    }
}
