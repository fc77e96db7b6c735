package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;

class ProblemAdviceTest {

    /** PostgreSQL's SQLSTATE classes: 22 data exception (the value itself), 23 integrity constraint (other rows). */
    @ParameterizedTest(name = "SQLSTATE {0} answers {1}")
    @CsvSource(textBlock = """
            22001, 400, bad-input
            22021, 400, bad-input
            22P05, 400, bad-input
            22003, 400, bad-input
            23505, 409, conflict
            23503, 409, conflict
            23514, 409, conflict
            """)
    void answersAValueTheDatabaseCannotHoldAsBadInputAndAClashWithOtherRowsAsAConflict(String state, int status,
            String type) {
        var failure = new DataIntegrityViolationException("statement failed",
                new SQLException("ERROR: the database refused it\n  Detail: more", state));

        var answer = new ProblemAdvice().integrity(failure);

        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(answer.getStatusCode().value()).isEqualTo(status);
        assertThat(problem.getType().toString()).isEqualTo(ProblemDetails.TYPE_BASE + type);
        assertThat(problem.getDetail()).endsWith("ERROR: the database refused it");
    }
}
