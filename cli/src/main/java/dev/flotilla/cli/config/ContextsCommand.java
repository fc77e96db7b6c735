package dev.flotilla.cli.config;

import dev.flotilla.cli.CliContext;
import dev.flotilla.cli.ContextAccess;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla contexts list | use NAME}: the config file's contexts, without their tokens. */
@Command(name = "contexts", description = "List the config file's contexts or choose the current one.",
        subcommands = {ContextsCommand.List.class, ContextsCommand.Use.class})
public final class ContextsCommand {

    @Spec
    CommandSpec spec;

    CliContext cli() {
        return ContextAccess.of(spec);
    }

    @Command(name = "list", description = "The contexts; '*' marks the current one.")
    static final class List implements Callable<Integer> {

        @ParentCommand
        ContextsCommand parent;

        @Override
        public Integer call() {
            CliContext cli = parent.cli();
            CliConfig config = CliConfig.load(cli.configFile());
            cli.out().printf("%-9s %-24s %s%n", "CURRENT", "NAME", "URL");
            config.contexts().forEach(c -> cli.out().printf("%-9s %-24s %s%n",
                    c.name().equals(config.currentContext()) ? "*" : "", c.name(), c.url()));
            cli.out().flush();
            return ExitCode.OK;
        }
    }

    @Command(name = "use", description = "Make a context the current one.")
    static final class Use implements Callable<Integer> {

        @ParentCommand
        ContextsCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CliContext cli = parent.cli();
            CliConfig config = CliConfig.load(cli.configFile());
            if (config.context(name).isEmpty()) {
                throw new CliException(ExitCode.USAGE, "no context named '" + name + "' in " + cli.configFile());
            }
            config.use(name).save(cli.configFile());
            cli.out().println("Switched to context '" + name + "'");
            cli.out().flush();
            return ExitCode.OK;
        }
    }
}
