package dev.flotilla.cli.config;

import dev.flotilla.cli.ApiCommand;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import dev.flotilla.cli.http.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** Checks a URL and token against {@code GET /api/v1/me} and saves them as a context, made current. */
@Command(name = "login", description = "Save a meta-controller URL and API token as a context (checked first). "
        + "Without --token the token is read from FLOTILLA_TOKEN, else from the first line of standard input.")
public final class LoginCommand extends ApiCommand {

    @Option(names = "--name", paramLabel = "CONTEXT", description = "The context's name (default: the URL's host)")
    String name;

    @Override
    protected int run() {
        if (connection.url == null) {
            connection.url = cli().env().get("FLOTILLA_URL");
        }
        if (connection.url == null || connection.url.isBlank()) {
            throw new CliException(ExitCode.USAGE, "login needs --url (or FLOTILLA_URL)");
        }
        if (connection.token == null) {
            String fromEnv = cli().env().get("FLOTILLA_TOKEN");
            connection.token = fromEnv != null && !fromEnv.isBlank() ? fromEnv : readToken();
        }
        ConnectionOptions.Target target = new ConnectionOptions.Target(
                URI.create(ConnectionOptions.strip(connection.url.strip())), connection.token.strip());
        JsonNode me = new Api(target).get("/api/v1/me");
        String context = name != null ? name : host(target.url());
        CliConfig.load(cli().configFile()).with(new CliConfig.Context(context, target.url().toString(),
                target.token())).save(cli().configFile());
        String tenant = me.path("tenant").isNull() ? "every tenant" : "tenant " + me.path("tenant").asString();
        return say("Logged in to " + target.url() + " as token '" + me.path("name").asString() + "' (role "
                + me.path("role").asString() + ", " + tenant + "); context '" + context + "' saved in "
                + cli().configFile() + " and made current");
    }

    private String readToken() {
        try {
            String line = new BufferedReader(new InputStreamReader(cli().in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new CliException(ExitCode.USAGE, "no token given: pass --token, set FLOTILLA_TOKEN or write "
                        + "it to standard input");
            }
            return line;
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read the token from standard input: " + e.getMessage());
        }
    }

    private static String host(URI url) {
        return url.getHost() == null ? "default" : url.getHost() + (url.getPort() > 0 ? "-" + url.getPort() : "");
    }
}
