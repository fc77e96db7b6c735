package dev.flotilla.cli;

import dev.flotilla.cli.apps.AppsCommand;
import dev.flotilla.cli.campaigns.RolloutsCommand;
import dev.flotilla.cli.clusters.ClustersCommand;
import dev.flotilla.cli.config.ContextsCommand;
import dev.flotilla.cli.config.LoginCommand;
import dev.flotilla.cli.join.JoinCommand;
import dev.flotilla.cli.tokens.RegistrationTokensCommand;
import dev.flotilla.cli.tokens.TokensCommand;
import dev.flotilla.cli.upgrades.UpgradesCommand;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flotilla}: the top command; {@link #run} is what the jar's main and the tests call. */
@Command(name = "flotilla", mixinStandardHelpOptions = true, version = "flotilla 0.1.0",
        description = "The command line of a Flotilla meta-controller: clusters, applications, rollouts, upgrades, "
                + "tokens, and joining clusters to the fleet.",
        subcommands = {LoginCommand.class, ContextsCommand.class, ClustersCommand.class, AppsCommand.class,
                RolloutsCommand.class, UpgradesCommand.class, TokensCommand.class, RegistrationTokensCommand.class,
                JoinCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the API refused the request (its problem detail is printed)",
                "2:bad command line or file", "3:no token, or the token is unknown or not allowed (401, 403)",
                "4:the meta-controller is unreachable or failed (5xx)",
                "5:a watched rollout or upgrade did not succeed; join --apply failed"})
public final class Flotilla implements Runnable {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    Flotilla(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(context.out());
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line; answers the exit code ({@link ExitCode}). */
    public static int run(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new Flotilla(context))
                .setOut(context.out()).setErr(context.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failed(context, e));
        int code = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    private static int failed(CliContext context, Exception e) {
        if (e instanceof CliException known) {
            context.err().println("error: " + known.getMessage());
            return known.exitCode();
        }
        if (e instanceof UncheckedIOException io) {
            context.err().println("error: " + io.getMessage() + ": " + io.getCause().getMessage());
            return ExitCode.USAGE;
        }
        context.err().println("error: " + e);
        return ExitCode.REFUSED;
    }
}
