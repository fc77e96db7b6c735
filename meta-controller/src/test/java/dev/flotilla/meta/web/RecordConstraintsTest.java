package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.Observed;
import dev.flotilla.api.agent.ResourceStatus;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.WorkPhase;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled check agrees with Hibernate Validator, the one source of the rules, on every value: thousands of
 * report batches drawn around each constraint's edges (null, blank, one past a size or a minimum), and types it must
 * leave to the validator.
 */
public class RecordConstraintsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void agreesWithTheValidatorOnStatusReportBatchesAroundEveryConstraint() {
        RecordConstraints<StatusReports> compiled = RecordConstraints.of(validator, StatusReports.class)
                .orElseThrow(() -> new AssertionError("the status report batch should compile"));
        Random random = new Random(20261202L);
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            StatusReports batch = new Draws(random).batch();
            boolean expected = validator.validate(batch).isEmpty();
            assertThat(compiled.valid(batch)).as("batch %d: %s", i, batch).isEqualTo(expected);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        // both answers drawn often, so a check that always said one thing would fail above
        assertThat(valid).isGreaterThan(2_000);
        assertThat(invalid).isGreaterThan(2_000);
    }

    @Test
    void aNullValueIsNeverCalledValid() {
        assertThat(RecordConstraints.of(validator, StatusReports.class).orElseThrow().valid(null)).isFalse();
    }

    public record Patterned(@Pattern(regexp = "[a-z]+") String name) {
    }

    public record Mapped(@Size(max = 2) Map<String, String> labels) {
    }

    public static final class Plain {
        @NotBlank
        String name;
    }

    public record Holder(@Valid Plain plain) {
    }

    public record Nested(@Valid Patterned inner) {
    }

    public record Named(@NotBlank @Size(max = 3) String name) {
    }

    @Test
    void leavesToTheValidatorWhatItDoesNotDecide() {
        // the same shape with constraints it decides compiles: the types below are refused for what they hold
        assertThat(RecordConstraints.of(validator, Named.class)).isPresent();
        assertThat(RecordConstraints.of(validator, Patterned.class)).isEmpty();
        assertThat(RecordConstraints.of(validator, Mapped.class)).isEmpty();
        assertThat(RecordConstraints.of(validator, Holder.class)).isEmpty();
        assertThat(RecordConstraints.of(validator, Nested.class)).isEmpty();
        assertThat(RecordConstraints.of(validator, Plain.class)).isEmpty();
    }

    public record Node(@NotBlank String name, @Valid Node next) {
    }

    @Test
    void followsARecordThatRefersToItself() {
        RecordConstraints<Node> compiled = RecordConstraints.of(validator, Node.class).orElseThrow();
        Node good = new Node("a", new Node("b", new Node("c", null)));
        Node bad = new Node("a", new Node("b", new Node(" ", null)));
        assertThat(compiled.valid(good)).isTrue();
        assertThat(validator.validate(good)).isEmpty();
        assertThat(compiled.valid(bad)).isFalse();
        assertThat(validator.validate(bad)).isNotEmpty();
    }

    /** Values drawn for one batch: each field valid most of the time, else one of its edge cases. */
    private record Draws(Random random) {

        private static final WorkPhase[] PHASES = WorkPhase.values();

        StatusReports batch() {
            return new StatusReports(pick(() -> list(3, this::report), () -> null, List::of,
                    () -> Collections.nCopies(1001, report()), () -> withNull(this::report)));
        }

        StatusReport report() {
            return new StatusReport(
                    pick(() -> "w-" + random.nextInt(100), () -> null, () -> "", () -> " \t", () -> text(200),
                            () -> text(201)),
                    pick(() -> (long) random.nextInt(10), () -> -1L, () -> 0L, () -> Long.MIN_VALUE),
                    pick(() -> (long) random.nextInt(10), () -> -1L, () -> 0L),
                    pick(() -> PHASES[random.nextInt(PHASES.length)], () -> null),
                    pick(() -> random.nextInt(4), () -> null, () -> -1, () -> 0),
                    pick(() -> 1 + random.nextInt(4), () -> null, () -> -1, () -> Integer.MIN_VALUE),
                    pick(this::observed, () -> null),
                    pick(() -> random.nextBoolean() ? null : "ok", () -> text(2000), () -> text(2001)),
                    pick(() -> random.nextBoolean() ? null : list(3, this::resource), List::of,
                            () -> Collections.nCopies(500, resource()), () -> Collections.nCopies(501, resource()),
                            () -> withNull(this::resource)));
        }

        Observed observed() {
            return new Observed(random.nextBoolean() ? null : random.nextInt(5), null, -1, null, 3L,
                    pick(() -> random.nextBoolean() ? null : "rev-1", () -> text(253), () -> text(254)));
        }

        ResourceStatus resource() {
            return new ResourceStatus(
                    pick(() -> "apps.kruise.io/v1alpha1", () -> null, () -> "", () -> text(253), () -> text(254)),
                    pick(() -> "CloneSet", () -> null, () -> "  ", () -> text(63), () -> text(64)),
                    pick(() -> random.nextBoolean() ? null : "ns", () -> "", () -> text(63), () -> text(64)),
                    pick(() -> "web", () -> null, () -> "", () -> text(254)),
                    pick(() -> ResourceStatus.State.READY, () -> null),
                    pick(() -> null, () -> text(1000), () -> text(1001)),
                    pick(() -> null, this::observed));
        }

        /** The first supplier (the valid draw) nine times in ten, else one of the others. */
        @SafeVarargs
        private <V> V pick(Supplier<V> valid, Supplier<V>... edges) {
            if (random.nextInt(100) < 90 || edges.length == 0) {
                return valid.get();
            }
            return edges[random.nextInt(edges.length)].get();
        }

        private <V> List<V> list(int max, Supplier<V> element) {
            List<V> list = new ArrayList<>();
            int n = 1 + random.nextInt(max);
            for (int i = 0; i < n; i++) {
                list.add(element.get());
            }
            return list;
        }

        private <V> List<V> withNull(Supplier<V> element) {
            List<V> list = new ArrayList<>(List.of(element.get()));
            list.add(null);
            return list;
        }

        private static String text(int length) {
            return "x".repeat(length);
        }
    }
}
