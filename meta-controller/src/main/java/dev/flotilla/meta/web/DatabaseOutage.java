package dev.flotilla.meta.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * PostgreSQL out of reach (stopped, restarting, failing over, or every pooled connection busy past the pool's
 * {@code connection-timeout}): answered {@code 503} problem with {@code Retry-After}, so callers back off and retry
 * instead of taking a 500 for what is a dependency's outage. The pool's connection timeout (3 s by default) bounds
 * how long such an answer takes (spring.datasource.hikari.connection-timeout, in milliseconds).
 */
public final class DatabaseOutage {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final String TYPE = "database-unavailable";
    static final String DETAIL = "the database is unavailable; retry after "
            + RETRY_AFTER.toSeconds() + " seconds";

    private DatabaseOutage() {
    }

    /** Whether {@code failure} (or one of its causes) says the database cannot be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // SQLSTATE class 08: connection exception; 57P01-57P03: admin or crash shutdown, cannot connect now
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            // a commit or rollback on a connection the pool already closed because the server went away (the
            // pool's closed-connection answer has no SQLSTATE), or a socket that broke under the driver
            if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException sql
                    && sql.getSQLState() == null) {
                return true;
            }
            if (t instanceof SQLException && t.getCause() instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    static ResponseEntity<Object> answer() {
        ProblemDetail problem = ProblemDetails.of(503, TYPE, "Service unavailable", DETAIL);
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The same answer, written by a filter (before Spring MVC's advice can see the failure). */
    public static void write(HttpServletResponse response) throws IOException {
        response.setStatus(503);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"" + ProblemDetails.TYPE_BASE + TYPE
                + "\",\"title\":\"Service unavailable\",\"status\":503,\"detail\":\"" + DETAIL + "\"}");
    }
}
