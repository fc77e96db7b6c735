package dev.flotilla.meta.config;

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
        // not started here (the no-argument constructor): DatabaseLanes configures it before its first connection
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername("postgres");
        pool.setPoolName("flotilla-embedded");
        pool.setMaximumPoolSize(20);
        pool.setKeepaliveTime(ConnectionChecks.KEEPALIVE_MILLIS);
        return pool;
    }
}
