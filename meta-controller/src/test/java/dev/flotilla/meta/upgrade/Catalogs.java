package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.controlplane.HostedControlPlane;
import dev.flotilla.meta.versions.Lifecycle;
import dev.flotilla.meta.versions.MinorVersion;
import dev.flotilla.meta.versions.VersionCatalog;
import dev.flotilla.meta.versions.VersionCatalogProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Catalogs for unit tests: the one shipped in application.yaml, or a hand-made one. */
public final class Catalogs {

    private Catalogs() {
    }

    public static VersionCatalogProperties shippedProperties() {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("application", new ClassPathResource("application.yaml"));
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("flotilla.versions", VersionCatalogProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VersionCatalog shipped() {
        return new VersionCatalog(shippedProperties());
    }

    public static VersionCatalogProperties.Release release(String minor, String etcd, Lifecycle lifecycle,
            String... removedApis) {
        return new VersionCatalogProperties.Release(minor, minor + ".0", etcd, lifecycle, List.of(removedApis), null);
    }

    public static VersionCatalog of(VersionCatalogProperties.Release... releases) {
        return new VersionCatalog(new VersionCatalogProperties("registry.example", java.time.Duration.ofMinutes(20),
                java.time.Duration.ofMinutes(30),
                List.of(releases)));
    }

    public static HostedControlPlane controlPlane(String version) {
        return new HostedControlPlane("tenant-a", "host-1", "cp-tenant-a", MinorVersion.of(version));
    }
}
