package dev.flotilla.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a query with {@code psql} (the agent jar has no JDBC driver) and answers its unaligned output. */
final class Psql {

    private final String psql;
    private final String host;
    private final int port;
    private final String database;

    Psql(String psql, String host, int port, String database) {
        this.psql = psql;
        this.host = host;
        this.port = port;
        this.database = database;
    }

    String query(String sql) {
        List<String> command = List.of(psql, "-h", host, "-p", Integer.toString(port), "-U", "postgres", "-d",
                database, "-AtX", "-F", " | ", "-c", sql);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + psql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Transactions committed in the database so far. */
    /** The table's row updates so far, and how many of them were HOT (no new index entry). */
    long[] updates(String table) {
        String[] f = query("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = '" + table + "'")
                .split("\\|");
        return new long[] {Long.parseLong(f[0].strip()), Long.parseLong(f[1].strip())};
    }

    long commits() {
        return Long.parseLong(query("select xact_commit from pg_stat_database where datname = current_database()"));
    }
}
