package dev.flotilla.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may read and write besides its arguments: the environment ({@code FLOTILLA_URL},
 * {@code FLOTILLA_TOKEN}, {@code FLOTILLA_CONFIG}, {@code PATH} for {@code join --apply}), the config file, and the
 * standard streams. Tests give their own; {@link #system()} is the real one.
 */
public record CliContext(Map<String, String> env, Path defaultConfig, PrintWriter out, PrintWriter err,
        InputStream in) {

    public static CliContext system() {
        return new CliContext(System.getenv(), Path.of(System.getProperty("user.home"), ".flotilla", "config"),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in);
    }

    /** The config file: {@code FLOTILLA_CONFIG} when set, else {@code ~/.flotilla/config}. */
    public Path configFile() {
        String configured = env.get("FLOTILLA_CONFIG");
        return configured == null || configured.isBlank() ? defaultConfig : Path.of(configured);
    }
}
