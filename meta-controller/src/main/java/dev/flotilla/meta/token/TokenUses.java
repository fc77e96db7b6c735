package dev.flotilla.meta.token;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When each API token was last used, noted in memory at most once per {@code flotilla.tokens.last-used-interval}
 * per token and written for all tokens in one statement per interval: a busy token costs no write per request.
 */
@Component
class TokenUses {

    private static final Logger log = LoggerFactory.getLogger(TokenUses.class);

    private final JdbcClient jdbc;
    private final long intervalMillis;
    /** token name to the last use noted (written or pending), epoch millis */
    private final ConcurrentHashMap<String, Long> noted = new ConcurrentHashMap<>();
    /** token name to the use to write at the next flush */
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

    TokenUses(JdbcClient jdbc, TokenProperties settings) {
        this.jdbc = jdbc;
        this.intervalMillis = settings.lastUsedInterval().toMillis();
    }

    /** Notes a use of the token, unless one was noted less than an interval ago. */
    void used(String name, Instant at) {
        long millis = at.toEpochMilli();
        Long before = noted.get(name);
        if (before != null && millis - before < intervalMillis) {
            return;
        }
        if (noted.size() > 100_000) {
            noted.clear();
        }
        noted.put(name, millis);
        pending.put(name, at);
    }

    /** Writes the pending uses in one statement; answers how many tokens it covered. */
    @Scheduled(fixedDelayString = "${flotilla.tokens.last-used-interval:1m}",
            initialDelayString = "${flotilla.tokens.last-used-interval:1m}")
    int flush() {
        List<String> names = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (Map.Entry<String, Instant> use : pending.entrySet()) {
            if (pending.remove(use.getKey(), use.getValue())) {
                names.add(use.getKey());
                times.add(use.getValue().toEpochMilli());
            }
        }
        if (names.isEmpty()) {
            return 0;
        }
        try {
            jdbc.sql("""
                            UPDATE api_token t SET last_used_at = GREATEST(t.last_used_at, to_timestamp(u.ms / 1000.0))
                            FROM unnest(?::text[], ?::bigint[]) AS u(name, ms)
                            WHERE t.name = u.name""")
                    .params(names.toArray(String[]::new), times.toArray(Long[]::new))
                    .update();
        } catch (RuntimeException e) {
            for (int i = 0; i < names.size(); i++) {
                pending.putIfAbsent(names.get(i), Instant.ofEpochMilli(times.get(i)));
            }
            log.warn("Could not write the last use of {} API tokens, will retry: {}", names.size(), e.toString());
            return 0;
        }
        return names.size();
    }

    @PreDestroy
    void flushAtShutdown() {
        flush();
    }
}
