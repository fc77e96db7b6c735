package dev.flotilla.sim.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the meta-controllers' own timers, read from {@code /actuator/metrics} of every replica: a portal endpoint's
 * (Micrometer's {@code http.server.requests} for its URI template and GET, {@link #endpoint}) or the wait for a
 * connection of a database pool ({@code hikaricp.connections.acquire}, {@link #poolAcquire}). Set beside the portal
 * probe's own latencies, the first splits a call into the time the service spent on it (from Spring's observation
 * filter, ahead of Spring Security, to the end of the response) and the rest: the wait for a Tomcat thread, the
 * network and the probe's own JVM; the second tells how much of the service's time was a wait for a connection.
 */
final class ServerTimes {

    private static final Pattern STATISTIC = Pattern.compile("\"statistic\"\\s*:\\s*\"([A-Z_]+)\"\\s*,\\s*\"value\"\\s*"
            + ":\\s*([0-9.eE+-]+)");

    /** The timer's count, total and max (seconds; the max Micrometer keeps over its last two minutes or so). */
    record Reading(long count, double totalSeconds, double maxSeconds) {

        static final Reading NONE = new Reading(0, 0, 0);

        /** The calls since {@code before}, their mean, and the largest in the timer's window, in ms. */
        Result since(Reading before) {
            long calls = count - before.count;
            return new Result(calls, calls <= 0 ? Double.NaN : (totalSeconds - before.totalSeconds) * 1000 / calls,
                    maxSeconds * 1000);
        }
    }

    /** What the service measured of the calls between two readings. */
    record Result(long calls, double meanMs, double maxMs) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<URI> metas;
    private final String path;
    /** Each replica's timer at its last answer: a replica that does not answer keeps it, so the sum never dips. */
    private final Reading[] known;

    private ServerTimes(List<URI> metas, String path) {
        this.metas = List.copyOf(metas);
        this.path = path;
        this.known = new Reading[this.metas.size()];
        Arrays.fill(known, Reading.NONE);
    }

    /** @param uri the endpoint's URI template as Spring MVC names it, {@code /api/v1/clusters} */
    static ServerTimes endpoint(List<URI> metas, String uri) {
        return new ServerTimes(metas, "/actuator/metrics/http.server.requests?tag=method:GET&tag=uri:" + uri);
    }

    /** @param pool the Hikari pool's name, {@code flotilla} for the portal's and the engines' */
    static ServerTimes poolAcquire(List<URI> metas, String pool) {
        return new ServerTimes(metas, "/actuator/metrics/hikaricp.connections.acquire?tag=pool:" + pool);
    }

    /**
     * Every replica's timer together (counts and totals summed, the largest max); a replica that does not answer,
     * or answers with an error, counts what it counted at its last answer (nothing before its first).
     */
    Reading read() throws InterruptedException {
        long count = 0;
        double total = 0;
        double max = 0;
        for (int i = 0; i < metas.size(); i++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(metas.get(i).resolve(path))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    known[i] = parse(response.body());
                }
            } catch (IOException e) {
                // keeps its last reading
            }
            count += known[i].count();
            total += known[i].totalSeconds();
            max = Math.max(max, known[i].maxSeconds());
        }
        return new Reading(count, total, max);
    }

    /** The actuator's answer for one timer; {@link Reading#NONE} when a statistic is missing. */
    static Reading parse(String meter) {
        Map<String, Double> statistics = statistics(meter);
        Double count = statistics.get("COUNT");
        Double total = statistics.get("TOTAL_TIME");
        Double max = statistics.get("MAX");
        return count == null || total == null || max == null ? Reading.NONE
                : new Reading(count.longValue(), total, max);
    }

    /** The statistics of one meter in the actuator's answer ({@code COUNT}, {@code TOTAL_TIME}, ...) by name. */
    static Map<String, Double> statistics(String meter) {
        Map<String, Double> statistics = new HashMap<>();
        Matcher m = STATISTIC.matcher(meter);
        while (m.find()) {
            statistics.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return statistics;
    }
}
