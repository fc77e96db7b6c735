package dev.flotilla.sim.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When the service handed the agents their work, whatever the simulator then did with it: the meta-controllers' own
 * count of work polls answered with work (the counter {@code flotilla.agent.polls} with {@code outcome=work}, read
 * from {@code /actuator/metrics}: one meter, not a whole scrape; summed over the replicas), every
 * {@link #EVERY_MILLIS} ms on a thread of its own while a rollout runs. Dispatch latency as the bench measures it ends when a simulated agent applied its work;
 * an answer the simulator's busy threads take too long to read times out at the agent, which polls again (and is
 * answered again at once): those answers count too, so the count can pass the number of clusters.
 */
final class WorkAnswerSampler {

    static final long EVERY_MILLIS = 200;
    static final String PATH = "/actuator/metrics/flotilla.agent.polls?tag=outcome:work";

    /** When the work answers passed given shares of the clusters, in ms after the rollout's start. */
    record Result(double p50Ms, double p99Ms, double allMs, long answered) {
    }

    private final List<URI> metas;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<long[]> samples = new ArrayList<>();
    /** Each replica's count at its last answer: a replica that does not answer keeps it, so the sum never dips. */
    private final long[] known;
    private volatile boolean running = true;
    private Thread thread;
    private long base;

    WorkAnswerSampler(List<URI> metas) {
        this.metas = List.copyOf(metas);
        this.known = new long[this.metas.size()];
    }

    WorkAnswerSampler start() {
        base = count();
        thread = new Thread(() -> {
            while (running) {
                long at = System.currentTimeMillis();
                long count = count();
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopped during the reads: a partial sum is no sample
                }
                synchronized (samples) {
                    samples.add(new long[] {at, count - base});
                }
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-work-answers");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Stops sampling; the first sample at which the answers reached half, 99% and all of {@code clusters}, in ms
     * after {@code startedAt} (NaN if never).
     */
    Result stop(long startedAt, int clusters) throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        synchronized (samples) {
            long last = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1];
            return new Result(reached(startedAt, Math.ceil(clusters * 0.5)), reached(startedAt,
                    Math.ceil(clusters * 0.99)), reached(startedAt, clusters), last);
        }
    }

    private double reached(long startedAt, double count) {
        for (long[] sample : samples) {
            if (sample[1] >= count) {
                return Math.max(0, sample[0] - startedAt);
            }
        }
        return Double.NaN;
    }

    /**
     * The work answers of every replica so far; a replica that does not answer, or answers with an error, counts what
     * it counted at its last answer. Interrupted, it leaves the thread's interrupt flag set for the caller to see.
     */
    private long count() {
        for (int i = 0; i < metas.size(); i++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(metas.get(i).resolve(PATH))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    known[i] = parse(response.body());
                }
            } catch (java.io.IOException e) {
                // read again at the next sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long sum = 0;
        for (long count : known) {
            sum += count;
        }
        return sum;
    }

    /** The count in the actuator's answer for one meter; 0 when absent. */
    static long parse(String meter) {
        return ServerTimes.statistics(meter).getOrDefault("COUNT", 0.0).longValue();
    }
}
