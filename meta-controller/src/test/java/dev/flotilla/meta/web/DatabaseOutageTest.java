package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseOutageTest {

    @Test
    void aPoolThatCannotHandOutAConnectionIsAnOutage() {
        var timeout = new SQLTransientConnectionException("HikariPool-1 - Connection is not available");
        assertThat(DatabaseOutage.causedBy(new CannotCreateTransactionException("no tx", timeout))).isTrue();
        assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("no connection", timeout))).isTrue();
        assertThat(DatabaseOutage.causedBy(timeout)).isTrue();
    }

    @Test
    void connectionAndShutdownSqlStatesAreAnOutage() {
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("gone"))).isTrue();
    }

    @Test
    void aRollbackOnAConnectionThePoolClosedIsAnOutage() {
        var closed = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        assertThat(DatabaseOutage.causedBy(closed)).isTrue();
        var broken = new SQLException("An I/O error occurred", "", new SocketException("Broken pipe"));
        assertThat(DatabaseOutage.causedBy(broken)).isTrue();
    }

    @Test
    void aClientMistakeOrABugIsNotAnOutage() {
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new TransactionSystemException("commit failed",
                new SQLException("could not serialize", "40001")))).isFalse();
    }

    @Test
    void theAnswerIsA503ProblemWithRetryAfter() {
        var answer = DatabaseOutage.answer();
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
    }
}
