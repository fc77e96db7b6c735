package dev.flotilla.meta.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.testsupport.SharedPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class RegistrationTokenConcurrencyIT {

    static final ClusterFacts FACTS = new ClusterFacts("v1.30.4", "v1.7.2", "0.1.0", 1, List.of("z-a"),
            List.of(), List.of(), List.of("r-a"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiftyAgentsAtOnceWithATokenOfFiftyUsesAddExactlyFiftyClustersAndTheFiftyFirstIsRefused() throws Exception {
        Api api = new Api(port);
        String token = api.post(SharedPostgres.ADMIN_TOKEN, "/api/v1/registration-tokens",
                Map.of("name", "rt-burst", "tenant", "burst", "maxUses", 50)).body().path("token").asString();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> agents;
        ExecutorService pool = Executors.newFixedThreadPool(51);
        try {
            agents = IntStream.rangeClosed(1, 51).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                await(start);
                return api.post(token, "/agent/v1/register", new RegisterRequest("rt-burst-" + i, Map.of(), FACTS))
                        .status();
            }, pool)).toList();
            start.countDown();
            CompletableFuture.allOf(agents.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        List<Integer> statuses = agents.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(50);
        assertThat(statuses).filteredOn(s -> s == 403).as("the 51st: uses spent").hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM cluster WHERE tenant = 'burst'").query(Long.class).single())
                .isEqualTo(50);
        assertThat(jdbc.sql("SELECT uses FROM registration_token WHERE name = 'rt-burst'").query(Integer.class)
                .single()).isEqualTo(50);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
