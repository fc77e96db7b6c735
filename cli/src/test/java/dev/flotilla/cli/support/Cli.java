package dev.flotilla.cli.support;

import dev.flotilla.cli.CliContext;
import dev.flotilla.cli.Flotilla;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Runs {@code flotilla} command lines in-process with their own environment, config file and captured output. */
public final class Cli {

    /** How a command line ended. */
    public record Run(int exit, String out, String err) {

        public JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }

        public JsonNode yaml() {
            return YAMLMapper.builder().build().readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private final Path config;
    private String stdin = "";

    /** A CLI with no URL or token configured, its config file in {@code dir}. */
    public Cli(Path dir) {
        this.config = dir.resolve("config");
    }

    /** A CLI with FLOTILLA_URL and FLOTILLA_TOKEN of the test meta-controller and its admin token. */
    public static Cli admin(Path dir) {
        return new Cli(dir).env("FLOTILLA_URL", MetaControllerServer.get().url())
                .env("FLOTILLA_TOKEN", MetaControllerServer.ADMIN_TOKEN);
    }

    public Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Path config() {
        return config;
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Flotilla.run(new CliContext(Map.copyOf(env), config, new PrintWriter(out, true),
                new PrintWriter(err, true), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
