package dev.flotilla.cli;

import dev.flotilla.cli.config.ConnectionOptions;
import dev.flotilla.cli.http.Api;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that calls the API: the connection options, the API client and the output streams. */
public abstract class ApiCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected ConnectionOptions connection;

    private Api api;

    /** Runs the command; answers its exit code. */
    protected abstract int run();

    @Override
    public final Integer call() {
        return run();
    }

    protected CliContext cli() {
        return ContextAccess.of(spec);
    }

    protected Api api() {
        if (api == null) {
            api = new Api(connection.resolve(cli()));
        }
        return api;
    }

    protected PrintWriter out() {
        return cli().out();
    }

    /** One line for people, on standard output. */
    protected int say(String line) {
        out().println(line);
        out().flush();
        return ExitCode.OK;
    }
}
