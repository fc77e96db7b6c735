package dev.flotilla.meta.support;

import dev.flotilla.testsupport.SharedPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A fresh database of the shared test server of its own, for tests that migrate it step by step. */
public final class MigrationDatabase {

    private MigrationDatabase() {
    }

    /** A new, empty database. */
    public static DataSource create() {
        String url = SharedPostgres.newDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        return SharedPostgres.server().getDatabase("postgres", name);
    }

    /** A new database with the migrations up to {@code version} applied. */
    public static DataSource at(String version) {
        DataSource db = create();
        Flyway.configure().dataSource(db).target(version).load().migrate();
        return db;
    }

    /** Applies the migrations still missing. */
    public static void migrate(DataSource db) {
        Flyway.configure().dataSource(db).load().migrate();
    }
}
