package dev.flotilla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code -f FILE} arguments: YAML or JSON (JSON is YAML), {@code -} for standard input. */
public final class YamlFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private YamlFiles() {
    }

    /** The file's one document as a JSON object. */
    public static JsonNode read(String file, InputStream stdin) {
        String text;
        try {
            text = "-".equals(file) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonNode node = YAML.readTree(text);
            if (node == null || !node.isObject()) {
                throw new CliException(ExitCode.USAGE, file + " must hold one YAML or JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new CliException(ExitCode.USAGE, file + " is not valid YAML or JSON: " + e.getOriginalMessage());
        }
    }
}
