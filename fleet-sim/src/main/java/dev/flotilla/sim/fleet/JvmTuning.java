package dev.flotilla.sim.fleet;

/**
 * JVM settings a fleet of thousands of agents in one JVM needs; applied first thing by the demo and the benchmark.
 * <ul>
 * <li>The JDK HTTP client completes every {@code sendAsync} on the default {@code CompletableFuture} executor, which
 * on a machine of one or two CPUs is a new thread per task: a common pool of four keeps that to pooled threads.</li>
 * <li>The client keeps idle connections 30 s by default, longer than Tomcat keeps them (20 s): a request sent on a
 * connection the server is closing fails after the server may have acted (a registration answered into a closed
 * socket cannot be retried). Dropping them after 10 s leaves the closing to the client.</li>
 * </ul>
 */
public final class JvmTuning {

    private JvmTuning() {
    }

    public static void apply() {
        setIfAbsent("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        setIfAbsent("jdk.httpclient.keepalive.timeout", "10");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
