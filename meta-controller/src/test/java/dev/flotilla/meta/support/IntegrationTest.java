package dev.flotilla.meta.support;

import dev.flotilla.testsupport.SharedPostgres;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A meta-controller test on a real PostgreSQL and a real HTTP port; use {@link Api} to call it.
 * Test classes with the same extra properties share one context (and database), so use unique names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SharedPostgres.Initializer.class)
public @interface IntegrationTest {
}
