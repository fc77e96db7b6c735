package dev.flotilla.cli.tokens;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.http.Api;
import dev.flotilla.cli.output.OutputOptions;
import dev.flotilla.cli.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code flotilla tokens list|create|revoke}: API tokens, {@code /api/v1/tokens} (admin). */
@Command(name = "tokens", aliases = "token", description = "API tokens (admin).",
        subcommands = {TokensCommand.ListTokens.class, TokensCommand.Create.class, TokensCommand.Revoke.class})
public final class TokensCommand {

    static Table table() {
        return new Table().column("NAME", "name").column("ROLE", "role").column("TENANT", "tenant")
                .column("CREATED", "createdAt");
    }

    @Command(name = "list", description = "API tokens, without their secrets.")
    static final class ListTokens extends ApiCommand {

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            List<JsonNode> tokens = new ArrayList<>();
            api().get("/api/v1/tokens").forEach(tokens::add);
            output.print(out(), table(), tokens);
            return 0;
        }
    }

    @Command(name = "create", description = "Issue an API token; its secret is printed this once.")
    static final class Create extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, description = "viewer, operator or admin")
        String role;

        @Option(names = "--tenant", description = "Limit the token to one tenant")
        String tenant;

        @Mixin
        OutputOptions output;

        @Override
        protected int run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            body.put("tenant", tenant);
            JsonNode issued = api().post("/api/v1/tokens", body);
            output.print(out(), table().column("TOKEN", "token"), issued);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an API token by name.")
    static final class Revoke extends ApiCommand {

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run() {
            api().delete("/api/v1/tokens/" + Api.encode(name));
            return say("token " + name + " revoked");
        }
    }
}
