package dev.flotilla.meta.config;

/**
 * Which connection pool the current thread draws from: the agent API's (status reports, polls, registration, the
 * gateway's own sweeps) or the main one (the portal API, the engines, everything else). Agents that report all at
 * once then wait for the agent pool's few connections and never for the ones the portal needs
 * ({@code flotilla.agent.db-connections}, {@link DatabaseLanes}).
 */
public final class DatabaseLane {

    private static final ThreadLocal<Boolean> AGENT = new ThreadLocal<>();

    private DatabaseLane() {
    }

    /** Whether the current thread works for the agent API. */
    public static boolean agent() {
        return Boolean.TRUE.equals(AGENT.get());
    }

    /** Runs {@code work} on the agent lane, restoring the thread's lane after it. */
    public static void onAgentLane(Runnable work) {
        try (Scope scope = enterAgentLane()) {
            work.run();
        }
    }

    /** Puts the current thread on the agent lane until the returned scope is closed. */
    public static Scope enterAgentLane() {
        boolean before = agent();
        AGENT.set(Boolean.TRUE);
        return () -> {
            if (!before) {
                AGENT.remove();
            }
        };
    }

    /** The agent lane entered by {@link #enterAgentLane()}; closing it restores the thread's lane. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
