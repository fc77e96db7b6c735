package dev.flotilla.agent.config;

import dev.flotilla.agent.TenantAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Starts the agent with the application and stops it first on shutdown; a fatal agent failure ends the process. */
class AgentLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AgentLifecycle.class);

    private final TenantAgent agent;
    private volatile boolean running;

    AgentLifecycle(TenantAgent agent) {
        this.agent = agent;
    }

    @Override
    public void start() {
        agent.start();
        running = true;
        agent.failure().whenComplete((ok, error) -> {
            if (error != null) {
                log.error("tenant agent stopped: {}", error.getMessage());
                // the process has no other purpose; a non-zero exit lets the pod's restart policy take over.
                // Exit from a fresh thread: shutdown waits for the scheduler this callback runs on.
                new Thread(() -> System.exit(2), "flotilla-agent-exit").start();
            }
        });
    }

    @Override
    public void stop() {
        agent.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    TenantAgent agent() {
        return agent;
    }
}
