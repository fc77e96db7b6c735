package dev.flotilla.cli.config;

import dev.flotilla.cli.CliContext;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Which meta-controller a command calls, and with which token: {@code --url} and {@code --token}, else
 * {@code FLOTILLA_URL} and {@code FLOTILLA_TOKEN}, else the context named by {@code --context}, else the config's
 * current context. Each of URL and token is resolved on its own, so {@code FLOTILLA_TOKEN} may override the token
 * of the current context alone.
 */
public final class ConnectionOptions {

    /** A resolved URL and token. */
    public record Target(URI url, String token) {
    }

    @Option(names = "--context", paramLabel = "NAME", description = "A context of the config file (default: its current one)")
    String context;

    @Option(names = "--url", paramLabel = "URL", description = "The meta-controller's URL (overrides FLOTILLA_URL and the context)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The API token (overrides FLOTILLA_TOKEN and the context)")
    String token;

    public Target resolve(CliContext cli) {
        CliConfig config = CliConfig.load(cli.configFile());
        String name = context != null ? context : config.currentContext();
        CliConfig.Context chosen = name == null ? null : config.context(name).orElse(null);
        if (context != null && chosen == null) {
            throw new CliException(ExitCode.USAGE, "no context named '" + context + "' in " + cli.configFile());
        }
        String resolvedUrl = first(url, cli.env().get("FLOTILLA_URL"), chosen == null ? null : chosen.url());
        String resolvedToken = first(token, cli.env().get("FLOTILLA_TOKEN"), chosen == null ? null : chosen.token());
        if (resolvedUrl == null) {
            throw new CliException(ExitCode.USAGE, "no meta-controller URL: run 'flotilla login --url URL', set "
                    + "FLOTILLA_URL or pass --url");
        }
        if (resolvedToken == null) {
            throw new CliException(ExitCode.UNAUTHORIZED, "no API token: run 'flotilla login', set FLOTILLA_TOKEN "
                    + "or pass --token");
        }
        try {
            return new Target(URI.create(strip(resolvedUrl)), resolvedToken);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "the URL '" + resolvedUrl + "' is malformed: " + e.getMessage());
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
