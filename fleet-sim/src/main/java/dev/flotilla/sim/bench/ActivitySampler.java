package dev.flotilla.sim.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Samples {@code pg_stat_activity} of the service's database every second while a phase runs: which statements are
 * active and what they wait on (a lock, I/O, the client). The counts show where a slow phase spends its time.
 */
final class ActivitySampler {

    private final Psql psql;
    private final Map<String, Integer> seen = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;
    private int samples;

    ActivitySampler(Psql psql) {
        this.psql = psql;
    }

    ActivitySampler start() {
        thread = new Thread(this::loop, "bench-pg-activity");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        while (running.get()) {
            try {
                String rows = psql.query("select coalesce(wait_event_type, 'CPU') || '/' || coalesce(wait_event, "
                        + "'running') || ' ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 70) from "
                        + "pg_stat_activity where datname = current_database() and state = 'active' "
                        + "and pid <> pg_backend_pid()");
                synchronized (this) {
                    samples++;
                    rows.lines().filter(l -> !l.isBlank()).forEach(l -> seen.merge(l, 1, Integer::sum));
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed sample is skipped; the phase's own figures stand
            }
        }
    }

    /** Stops sampling and answers the most frequent active statements with their wait events. */
    synchronized String stop(int n) {
        running.set(false);
        thread.interrupt();
        return samples + " samples of active backends (count, wait, statement):\n" + seen.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> e.getValue() + " | " + e.getKey()).collect(Collectors.joining("\n"));
    }
}
