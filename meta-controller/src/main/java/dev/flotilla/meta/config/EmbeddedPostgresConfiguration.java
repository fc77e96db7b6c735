package dev.flotilla.meta.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default ({@link DatabaseMode#EMBEDDED}): a real PostgreSQL with its data in
 * {@code <data-dir>/postgres}, so the inventory survives a restart, and a crash ({@link EmbeddedDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(FlotillaProperties properties) throws IOException {
        return EmbeddedDatabase.start(properties.dataDir());
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername("postgres");
        config.setPoolName("flotilla-embedded");
        config.setMaximumPoolSize(20);
        return new HikariDataSource(config);
    }
}
