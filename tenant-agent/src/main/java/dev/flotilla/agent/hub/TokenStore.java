package dev.flotilla.agent.hub;

import java.util.Optional;

/** Keeps the agent token the meta-controller gave at registration, so a restarted agent need not register again. */
public interface TokenStore {

    Optional<String> load();

    void save(String agentToken);

    /** A store that forgets on restart (fleet simulator, tests). */
    static TokenStore inMemory() {
        return new TokenStore() {
            private volatile String token;

            @Override
            public Optional<String> load() {
                return Optional.ofNullable(token);
            }

            @Override
            public void save(String agentToken) {
                token = agentToken;
            }
        };
    }
}
