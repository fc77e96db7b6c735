package dev.flotilla.meta.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@link DatabaseMode} decides on the embedded PostgreSQL. It runs while the configuration is read,
 * before any bean exists, so a refused combination of settings stops the start before anything else happens.
 */
class EmbeddedDatabaseCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        FlotillaProperties settings = Binder.get(environment).bindOrCreate("flotilla", FlotillaProperties.class);
        DatabaseMode mode = DatabaseMode.decide(settings.database(), environment.getProperty("spring.datasource.url"),
                settings.replicas(), environment.getProperty("KUBERNETES_SERVICE_HOST"));
        return mode == DatabaseMode.EMBEDDED
                ? ConditionOutcome.match("flotilla.database=" + settings.database().name().toLowerCase()
                        + " decides on the embedded PostgreSQL")
                : ConditionOutcome.noMatch("spring.datasource.url is set: the external PostgreSQL");
    }
}
