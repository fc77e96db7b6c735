package dev.flotilla.meta.agentgateway;

import dev.flotilla.meta.support.IntegrationTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway's shared test context: the test work source and status receiver, and no work sweep, so a
 * woken poll proves the signal woke it. Classes with this annotation share one context and database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@Import(GatewayTestBeans.class)
@TestPropertySource(properties = "flotilla.agent.work-sweep-interval=1h")
@interface GatewayIntegrationTest {
}
