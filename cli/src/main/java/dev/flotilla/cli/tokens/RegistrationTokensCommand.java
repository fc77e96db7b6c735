package dev.flotilla.cli.tokens;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code flotilla registration-tokens list|create|get|revoke}: {@code /api/v1/registration-tokens} (admin). */
@Command(name = "registration-tokens", aliases = "rtokens",
        description = "Reusable tokens with which agents add their own clusters (admin).",
        subcommands = {RegistrationTokensCommand.ListTokens.class, RegistrationTokensCommand.Create.class,
                RegistrationTokensCommand.Get.class, RegistrationTokensCommand.Revoke.class})
public final class RegistrationTokensCommand {

    static Table table() {
        return new Table().column("ID", "id").column("NAME", "name").column("TENANT", "tenant")
                .column("STATE", "state").column("USES", t -> t.path("uses").asInt() + "/" + t.path("maxUses").asInt())
                .column("LAST USED", "lastUsedAt").column("LAST CLUSTER", "lastCluster")
                .column("EXPIRES", "expiresAt").column("LABELS", "labels");
    }

    @Command(name = "list", description = "Registration tokens with their uses, without their secrets.")
    static final class ListTokens extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            List<JsonNode> tokens = new ArrayList<>();
            api().get("/api/v1/registration-tokens").forEach(tokens::add);
            output.print(out(), table(), tokens);
            return 0;
        }
    }

    @Command(name = "create", description = "Issue a registration token; its secret is printed this once.")
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        RegistrationTokenOptions options;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            options.name = name;
            output.print(out(), table().column("TOKEN", "token"), options.issue(api()));
            return 0;
        }
    }

    @Command(name = "get", description = "One registration token.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            output.print(out(), table(), api().get("/api/v1/registration-tokens/" + id));
            return 0;
        }
    }

    @Command(name = "revoke", description = "Stop a registration token adding clusters; the ones it added stay.")
    static final class Revoke extends ApiCommand {

        @Parameters(paramLabel = "ID")
        long id;

        @Override
        protected int run() {
            api().delete("/api/v1/registration-tokens/" + id);
            return say("registration token " + id + " revoked");
        }
    }
}
