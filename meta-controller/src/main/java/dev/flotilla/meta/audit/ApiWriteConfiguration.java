package dev.flotilla.meta.audit;

import dev.flotilla.meta.concurrency.Preconditions;
import dev.flotilla.meta.concurrency.ResourceVersions;
import dev.flotilla.meta.idempotency.IdempotencyKeys;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts the {@link ApiWriteFilter} right after Spring Security's filters (it needs the authenticated caller) and
 * before the dispatcher, with its two transactions: the change's, which services join ({@code REQUIRED}), and the
 * failure record's own ({@code REQUIRES_NEW}).
 */
@Configuration(proxyBeanMethods = false)
class ApiWriteConfiguration {

    static final int FILTER_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER + 10;

    @Bean
    FilterRegistrationBean<ApiWriteFilter> apiWriteFilter(PlatformTransactionManager transactions, AuditLog audit,
            AuditedCalls calls, IdempotencyKeys idempotency, Preconditions preconditions, ResourceVersions versions,
            ApiWriteProperties properties) {
        TransactionTemplate change = new TransactionTemplate(transactions);
        change.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        TransactionTemplate own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        FilterRegistrationBean<ApiWriteFilter> registration = new FilterRegistrationBean<>(new ApiWriteFilter(change,
                own, audit, calls, idempotency, preconditions, versions, properties));
        registration.setOrder(FILTER_ORDER);
        registration.setName("apiWriteFilter");
        return registration;
    }
}
