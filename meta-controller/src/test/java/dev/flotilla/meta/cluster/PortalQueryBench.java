package dev.flotilla.meta.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.web.Page;
import dev.flotilla.testsupport.SharedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures the portal's hot reads over real HTTP at 10,000 clusters and writes the figures to
 * {@code docs/benchmarks.md}. Not run by default (no Test/IT suffix):
 * {@code ./mvnw -B -pl meta-controller -am verify -Dtest=PortalQueryBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@IntegrationTest
class PortalQueryBench {

    static final int CLUSTERS = 10_000;
    static final int WARMUP = 300;
    static final int SAMPLES = 500;
    static final String SECTION = "## Portal queries at 10,000 clusters";
    static final String SELECTOR = "env=prod,tier in (gold,silver)";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A measured request: its path and the latencies in milliseconds. */
    record Figure(String what, String path, double median, double p99, double max) {
    }

    @Test
    void measuresListAndSummaryLatency() throws Exception {
        long seeding = System.nanoTime();
        new BenchFleet(jdbc).insert(CLUSTERS);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;
        String deepCursor = Page.encode(BenchFleet.name(CLUSTERS * 9 / 10));
        String selector = URLEncoder.encode(SELECTOR, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("selector, first page", "/api/v1/clusters?selector=" + selector + "&limit=100");
        paths.put("selector, deep page (cursor at 90%)",
                "/api/v1/clusters?selector=" + selector + "&limit=100&cursor=" + deepCursor);
        paths.put("no filter, deep page (cursor at 90%)", "/api/v1/clusters?limit=100&cursor=" + deepCursor);
        paths.put("fleet summary", "/api/v1/fleet/summary");

        List<Figure> figures = measure(paths);
        figures.forEach(f -> System.out.printf("%-40s median %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
                f.what(), f.median(), f.p99(), f.max()));
        writeReport(figures, plans(deepCursor), seedSeconds);
    }

    /** Warms up, then measures the queries round-robin, so load from elsewhere spreads evenly over them. */
    private List<Figure> measure(Map<String, String> paths) throws Exception {
        List<String> all = List.copyOf(paths.values());
        for (int i = 0; i < WARMUP; i++) {
            for (String path : all) {
                call(path);
            }
        }
        long[][] nanos = new long[all.size()][SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            for (int q = 0; q < all.size(); q++) {
                long start = System.nanoTime();
                call(all.get(q));
                nanos[q][i] = System.nanoTime() - start;
            }
        }
        List<Figure> figures = new ArrayList<>();
        List<String> names = List.copyOf(paths.keySet());
        for (int q = 0; q < all.size(); q++) {
            long[] sorted = nanos[q];
            Arrays.sort(sorted);
            figures.add(new Figure(names.get(q), all.get(q), sorted[SAMPLES / 2] / 1e6,
                    sorted[(int) Math.ceil(SAMPLES * 0.99) - 1] / 1e6, sorted[SAMPLES - 1] / 1e6));
        }
        return figures;
    }

    private void call(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + SharedPostgres.ADMIN_TOKEN)
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Prints the plans and answers one line per query: its execution time in PostgreSQL and its access path. */
    private List<String> plans(String deepCursor) {
        StringBuilder sql = new StringBuilder("EXPLAIN (ANALYZE, BUFFERS) SELECT " + ClusterRows.COLUMNS
                + " FROM cluster WHERE TRUE");
        List<Object> params = new ArrayList<>();
        LabelSelector.parse(SELECTOR).appendSql("labels", sql, params);
        sql.append(" AND name > ? ORDER BY name LIMIT 101");
        params.add(Page.decode(deepCursor));
        List<String> page = jdbc.sql(sql.toString()).params(params).query(String.class).list();
        List<String> summary = jdbc.sql("""
                        EXPLAIN (ANALYZE, BUFFERS) SELECT state, kubernetes_version, region, zone, count(*)
                        FROM cluster GROUP BY GROUPING SETS ((), (state), (kubernetes_version), (region), (zone))""")
                .query(String.class).list();
        System.out.println("Plan of the deep selector page:");
        page.forEach(System.out::println);
        System.out.println("Plan of the summary:");
        summary.forEach(System.out::println);
        return List.of("deep selector page: " + planSummary(page), "fleet summary: " + planSummary(summary));
    }

    private static String planSummary(List<String> plan) {
        String execution = plan.stream().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("?");
        String access = plan.stream().map(String::strip).filter(l -> l.startsWith("->")).findFirst().orElse("?");
        return execution.replace("Execution Time: ", "") + " in PostgreSQL, "
                + access.replaceAll("^->\\s*", "").replaceAll("\\s*\\(cost=.*", "");
    }

    private void writeReport(List<Figure> figures, List<String> plans, double seedSeconds) throws IOException {
        StringBuilder section = new StringBuilder(SECTION).append("\n\n");
        section.append("- date: ").append(LocalDate.now()).append('\n')
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(memTotal()).append(" RAM; JDK ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.version")).append("; ")
                .append(jdbc.sql("SELECT split_part(version(), ' on ', 1)").query(String.class).single())
                .append(" (embedded, test defaults)\n")
                .append("- command: `./mvnw -B -pl meta-controller -am verify -Dtest=PortalQueryBench "
                        + "-Dsurefire.failIfNoSpecifiedTests=false`\n")
                .append("- fleet: ").append(CLUSTERS).append(" clusters, 20 tenants, 3 regions, 9 zones, labels env, ")
                .append("team, tier, cost-center (seeded in batches of 1,000 in ")
                .append(String.format("%.1f", seedSeconds)).append(" s)\n")
                .append("- method: one client, sequential requests over real HTTP with the admin token, ")
                .append(WARMUP).append(" warm-up rounds then ").append(SAMPLES)
                .append(" measured rounds, each round one request of every query in turn; load average at the end ")
                .append(loadAverage()).append(" (other work shares the machine)\n\n")
                .append("| query | median | p99 | max |\n| --- | ---: | ---: | ---: |\n");
        for (Figure f : figures) {
            section.append(String.format("| %s `GET %s` | %.2f ms | %.2f ms | %.2f ms |%n",
                    f.what(), f.path(), f.median(), f.p99(), f.max()));
        }
        section.append("\nEXPLAIN ANALYZE (one run after the measurement):\n\n");
        plans.forEach(p -> section.append("- ").append(p).append('\n'));
        Path report = repositoryRoot().resolve("docs/benchmarks.md");
        Files.createDirectories(report.getParent());
        String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        Files.writeString(report, replaceSection(text, section.toString()));
        System.out.println("Wrote " + report);
    }

    static String replaceSection(String text, String section) {
        int start = text.indexOf(SECTION);
        if (start < 0) {
            return text.stripTrailing() + "\n\n" + section;
        }
        int next = text.indexOf("\n## ", start + SECTION.length());
        return text.substring(0, start) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
    }

    private static String memTotal() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.exists(meminfo)) {
            return "unknown";
        }
        String kb = Files.readAllLines(meminfo).get(0).replaceAll("\\D", "");
        return String.format("%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "unknown";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }
}
