package dev.flotilla.meta.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Bad input everywhere: every operation of the live OpenAPI document and every Flotilla handler Spring maps (the
 * agent API included) gets malformed, wrongly typed, boundary, oversized and unauthorised requests, seeded and
 * reproducible ({@code -Dflotilla.fuzz.seed=N}, {@code -Dflotilla.fuzz.cases=N} cases per operation). Each must
 * answer a 4xx {@code application/problem+json} naming what is wrong, and no operation's batch may change a row.
 */
@IntegrationTest
@TestPropertySource(properties = "flotilla.agent.heartbeat-timeout=1h")
class BadInputFuzzIT {

    static final long SEED = Long.getLong("flotilla.fuzz.seed", 20261130L);
    static final int CASES = Integer.getInteger("flotilla.fuzz.cases", 40);
    private static final Logger log = LoggerFactory.getLogger(BadInputFuzzIT.class);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyOperationAnswersBadInputWithAProblemNamingItAndChangesNothing() {
        Api api = new Api(port);
        FuzzFixture fixture = new FuzzFixture(api);
        fixture.create();
        ApiOperations operations = ApiOperations.of(api.get(fixture.admin(), "/v3/api-docs").body(),
                mappings.getHandlerMethods());
        JsonSamples samples = new JsonSamples(operations);
        fixture.use(samples);
        Random random = new Random(SEED);
        BodyCases bodies = new BodyCases(samples, new FieldMutations(samples, random));
        RequestCases requests = new RequestCases(fixture);
        FuzzClient client = new FuzzClient(port);
        DatabaseChecksum checksum = new DatabaseChecksum(jdbc);
        log.info("Fuzzing {} operations with seed {} and up to {} cases each (-Dflotilla.fuzz.seed, "
                + "-Dflotilla.fuzz.cases)", operations.all().size(), SEED, CASES);

        Map<String, String> quiet = quiet(checksum);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ApiOperation op : operations.all()) {
            List<FuzzCase> all = new ArrayList<>(requests.of(op));
            if (op.hasBody()) {
                all.addAll(bodies.of(op, RequestCases.expand(op.path(), fixture.pathValues(op)), fixture.tokenFor(op)));
            }
            List<FuzzCase> chosen = CaseSelection.choose(all, CASES, new Random(SEED ^ op.id().hashCode()));
            counts.put(op.id(), chosen.size());
            for (FuzzCase c : chosen) {
                ProblemCheck.of(c, client.send(c)).ifPresent(failures::add);
            }
            Map<String, String> after = checksum.take();
            List<String> changed = DatabaseChecksum.changed(quiet, after);
            if (!changed.isEmpty()) {
                failures.add(op.id() + " changed state: " + changed);
                quiet = after;
            }
        }
        log.info("Fuzz run (seed {}): {} cases over {} operations: {}", SEED,
                counts.values().stream().mapToInt(Integer::intValue).sum(), counts.size(), counts);

        assertThat(counts).as("operations walked").isNotEmpty()
                .containsKeys("GET /agent/v1/work", "POST /agent/v1/status", "PUT /agent/v1/facts",
                        "POST /agent/v1/register", "POST /api/v1/clusters");
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList())
                .as("operations without a case (a new endpoint must be fuzzed too)").isEmpty();
        assertThat(failures).as("seed " + SEED + ": answers that are not a 4xx problem naming the bad input")
                .isEmpty();
    }

    /** Waits until the fixture's campaign has settled: two fingerprints in a row alike. */
    private static Map<String, String> quiet(DatabaseChecksum checksum) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(checksum.take());
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, String> now = checksum.take();
            return now.equals(last.getAndSet(now));
        });
        return last.get();
    }
}
