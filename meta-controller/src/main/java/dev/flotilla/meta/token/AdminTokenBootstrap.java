package dev.flotilla.meta.token;

import dev.flotilla.meta.config.FlotillaProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Provides the first admin token: {@code FLOTILLA_ADMIN_TOKEN} when set, otherwise one generated at first
 * start and written to {@code <data-dir>/admin-token} (readable by its owner only).
 */
@Component
@Order(0)
class AdminTokenBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final ApiTokenService tokens;
    private final FlotillaProperties properties;

    AdminTokenBootstrap(ApiTokenService tokens, FlotillaProperties properties) {
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String configured = properties.adminToken();
        if (configured != null && !configured.isBlank()) {
            tokens.ensureAdmin(configured.strip());
            log.info("Admin token taken from FLOTILLA_ADMIN_TOKEN");
            return;
        }
        Path file = properties.dataDir().toAbsolutePath().normalize().resolve("admin-token");
        if (tokens.exists("admin") && Files.exists(file)) {
            log.info("Admin token is in {}", file);
            return;
        }
        String secret = Secrets.generate(Secrets.API_PREFIX);
        tokens.ensureAdmin(secret);
        write(file, secret);
        log.info("Generated the admin token and wrote it to {}", file);
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps its default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }
}
