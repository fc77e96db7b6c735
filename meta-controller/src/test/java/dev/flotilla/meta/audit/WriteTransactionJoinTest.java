package dev.flotilla.meta.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A portal write commits with its audit record only if every service method it calls joins the request's
 * transaction. This holds the code to that: no {@code @Transactional} in the meta-controller opens a transaction of
 * its own ({@code REQUIRES_NEW}, {@code NESTED}) or runs outside one ({@code NOT_SUPPORTED}, {@code NEVER}); one that
 * must would have to be handled in {@link ApiWriteFilter} first, and listed here with why.
 */
class WriteTransactionJoinTest {

    private static final Set<Propagation> JOINING = Set.of(Propagation.REQUIRED, Propagation.MANDATORY,
            Propagation.SUPPORTS);

    @Test
    void everyTransactionalMethodJoinsTheCallersTransaction() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new RegexPatternTypeFilter(java.util.regex.Pattern.compile(".*")));
        List<String> own = new ArrayList<>();
        int seen = 0;
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.flotilla.meta")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredMethods()));
            elements.add(type);
            for (AnnotatedElement element : elements) {
                Transactional tx = element.getAnnotation(Transactional.class);
                if (tx != null) {
                    seen++;
                    if (!JOINING.contains(tx.propagation())) {
                        own.add(element + ": " + tx.propagation());
                    }
                }
            }
        }
        assertThat(seen).as("@Transactional methods found").isGreaterThan(20);
        assertThat(own).as("transactions that would not roll back with a refused write's audit record").isEmpty();
    }
}
