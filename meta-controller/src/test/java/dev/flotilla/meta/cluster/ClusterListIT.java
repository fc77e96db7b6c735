package dev.flotilla.meta.cluster;

import static dev.flotilla.meta.support.Fleet.ADMIN;
import static dev.flotilla.meta.support.Fleet.assertBadInput;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.Fleet;
import dev.flotilla.meta.support.IntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Listing: filters, selector semantics on a small labelled fleet, limits and keyset paging. */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterListIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;

    @BeforeAll
    void labelledFleet() {
        api = new Api(port);
        fleet = new Fleet(api);
        fleet.create("sel-a", "sel", "eu", "eu-1", Map.of("env", "prod", "tier", "gold"));
        fleet.create("sel-b", "sel", "eu", "eu-2", Map.of("env", "prod", "tier", "silver", "canary", "true"));
        fleet.create("sel-c", "sel", "us", "us-1", Map.of("env", "dev", "tier", "bronze"));
        fleet.create("sel-d", "sel", "us", "us-1", Map.of("env", "staging"));
        fleet.create("sel-e", "sel", "ap", "ap-1", Map.of());
        jdbc.sql("UPDATE cluster SET kubernetes_version = 'v1.31.2', state = 'READY' WHERE name IN ('sel-a', 'sel-c')")
                .update();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            env=prod                          | sel-a,sel-b
            env==prod                         | sel-a,sel-b
            env!=prod                         | sel-c,sel-d,sel-e
            tier in (gold,silver)             | sel-a,sel-b
            tier notin (gold,silver)          | sel-c,sel-d,sel-e
            tier                              | sel-a,sel-b,sel-c
            !tier                             | sel-d,sel-e
            env=prod,tier in (gold,silver)    | sel-a,sel-b
            env in (prod,dev),!canary         | sel-a,sel-c
            env=prod,tier=bronze              | ''
            """)
    void selectsWithKubernetesSemantics(String selector, String expected) {
        List<String> names = names("/api/v1/clusters?tenant=sel&selector=" + encode(selector));
        assertThat(names).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
        // the SQL translation agrees with the in-memory semantics
        List<String> inMemory = api.get(ADMIN, "/api/v1/clusters?tenant=sel").body().path("items").valueStream()
                .filter(c -> LabelSelector.parse(selector).matches(labels(c.path("labels"))))
                .map(c -> c.path("name").asString()).toList();
        assertThat(names).isEqualTo(inMemory);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            region=us                          | sel-c,sel-d
            zone=eu-2                          | sel-b
            state=READY                        | sel-a,sel-c
            state=registering                  | sel-b,sel-d,sel-e
            kubernetesVersion=v1.31.2          | sel-a,sel-c
            region=us&state=READY              | sel-c
            region=eu&selector=canary          | sel-b
            """)
    void filtersByEveryColumn(String query, String expected) {
        assertThat(names("/api/v1/clusters?tenant=sel&" + query)).containsExactly(expected.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            selector=env in (a          | env in (a
            selector==x                 | =x
            selector=a==                | a==
            selector=!                  | '!'
            selector=env=prod,          | env=prod,
            limit=0                     | limit
            limit=1001                  | limit
            limit=many                  | limit
            cursor=***                  | cursor
            state=SLEEPING              | SLEEPING
            """)
    void refusesBadQueriesNamingTheProblem(String query, String mentioned) {
        int eq = query.indexOf('=');
        String encoded = query.substring(0, eq + 1) + encode(query.substring(eq + 1));
        assertBadInput(api.get(ADMIN, "/api/v1/clusters?" + encoded), mentioned);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tm90IEEgTmFtZQ", "", "%%%"})
    void refusesACursorItDidNotIssue(String raw) {
        String cursor = raw.isEmpty() ? Base64.getUrlEncoder().encodeToString("a/b".getBytes(StandardCharsets.UTF_8))
                : raw;
        assertBadInput(api.get(ADMIN, "/api/v1/clusters?cursor=" + encode(cursor)), "cursor");
    }

    @Test
    void pagesVisitEveryClusterOnceWhileClustersAreAdded() {
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 50; i += 2) {
            String name = "page-%03d".formatted(i);
            fleet.create(name, "paging", "r1", "z1", Map.of("env", "prod"));
            before.add(name);
        }
        List<String> seen = new ArrayList<>();
        Set<String> addedAfterCursor = new HashSet<>();
        Set<String> addedBehindCursor = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Reply page = api.get(ADMIN, "/api/v1/clusters?tenant=paging&selector=env%3Dprod&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            page.body().path("items").valueStream().forEach(c -> seen.add(c.path("name").asString()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asString();
            String last = seen.get(seen.size() - 1);
            int n = pages++ * 2 + 1;
            // one cluster lands behind the cursor (never shown), one ahead of it (shown on a later page)
            fleet.create("page-%03d".formatted(n), "paging", "r1", "z1", Map.of("env", "prod"));
            addedBehindCursor.add("page-%03d".formatted(n));
            String ahead = "page-%03d".formatted(Math.min(99, Integer.parseInt(last.substring(5)) + 51));
            if (cursor != null && jdbc.sql("SELECT count(*) FROM cluster WHERE name = ?").param(ahead)
                    .query(Long.class).single() == 0) {
                fleet.create(ahead, "paging", "r1", "z1", Map.of("env", "prod"));
                addedAfterCursor.add(ahead);
            }
        } while (cursor != null);

        // offset paging would show a cluster twice when one is inserted behind the page
        assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(before).containsAll(addedAfterCursor)
                .doesNotContainAnyElementsOf(addedBehindCursor).hasSize(before.size() + addedAfterCursor.size());
        assertThat(addedAfterCursor).isNotEmpty();
        assertThat(pages).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theLastPageHasNoCursor() {
        Api.Reply page = api.get(ADMIN, "/api/v1/clusters?tenant=sel&limit=5");
        assertThat(page.body().path("items").size()).isEqualTo(5);
        assertThat(page.body().path("nextCursor").isNull()).isTrue();
        Api.Reply first = api.get(ADMIN, "/api/v1/clusters?tenant=sel&limit=4");
        assertThat(first.body().path("nextCursor").isNull()).isFalse();
        Api.Reply second = api.get(ADMIN, "/api/v1/clusters?tenant=sel&limit=4&cursor="
                + first.body().path("nextCursor").asString());
        assertThat(names(second)).containsExactly("sel-e");
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
    }

    private List<String> names(String path) {
        Api.Reply reply = api.get(ADMIN, path);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return names(reply);
    }

    private static List<String> names(Api.Reply reply) {
        return reply.body().path("items").valueStream().map(c -> c.path("name").asString()).toList();
    }

    private static Map<String, String> labels(tools.jackson.databind.JsonNode node) {
        Map<String, String> labels = new java.util.HashMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return labels;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
