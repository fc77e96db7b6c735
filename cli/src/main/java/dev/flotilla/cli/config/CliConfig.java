package dev.flotilla.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The config file, kubeconfig-like: named contexts (a meta-controller URL and an API token) and the current one.
 *
 * <pre>
 * current-context: prod
 * contexts:
 *   - name: prod
 *     url: https://flotilla.example.internal
 *     token: flt_...
 * </pre>
 * It holds tokens, so it is written readable by its owner only (where the file system has POSIX permissions).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(@JsonProperty("current-context") String currentContext, List<Context> contexts) {

    /** One meta-controller and the token to call it with. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Context(String name, String url, String token) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    public CliConfig {
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    /** The file's config, or an empty one when there is no file. */
    public static CliConfig load(Path file) {
        if (!Files.exists(file)) {
            return new CliConfig(null, List.of());
        }
        try {
            CliConfig config = YAML.readValue(Files.readString(file), CliConfig.class);
            return config == null ? new CliConfig(null, List.of()) : config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Optional<Context> context(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** This config with the context added or replaced, and made current. */
    public CliConfig with(Context context) {
        List<Context> all = new ArrayList<>(contexts.stream().filter(c -> !c.name().equals(context.name())).toList());
        all.add(context);
        return new CliConfig(context.name(), all);
    }

    public CliConfig use(String name) {
        return new CliConfig(name, contexts);
    }

    /** Writes the file whole (a temporary file moved over it), owner-only. */
    public void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".config", ".tmp");
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, YAML.writeValueAsString(this));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
