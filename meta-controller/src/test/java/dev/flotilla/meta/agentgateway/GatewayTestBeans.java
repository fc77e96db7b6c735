package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkloadKind;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** A stand-in campaign kind (like rollouts and upgrades): it puts test items on lists and records what it is told. */
@TestConfiguration(proxyBeanMethods = false)
class GatewayTestBeans {

    static final String KIND = "TEST";

    /** Puts items {@code test:<cluster>:<item>} straight into the store: no generation bump, no signal. */
    static final class TestWork {
        private final WorkItemStore store;

        TestWork(WorkItemStore store) {
            this.store = store;
        }

        void put(long clusterId, String workId) {
            store.put(spec(workId), List.of(WorkPlacement.own(clusterId)));
        }

        static WorkSpec spec(String workId) {
            return new WorkSpec(KIND, 1, "test/" + workId, workId, Map.of("item", workId), "shop",
                    WorkloadKind.CloneSet, "shop", "shop", 3, Map.of("kind", "CloneSet"), ClusterStrategy.oneBatch(),
                    false);
        }
    }

    /** Owns workIds {@code test:<cluster>:<item>}; a cluster carried only its own. */
    static final class TestWorkOwner implements WorkOwner {
        record Received(long carrierId, ItemReport report) {
        }

        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        private final JdbcClient jdbc;

        TestWorkOwner(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public String workIdPrefix() {
            return "test:";
        }

        @Override
        public boolean carried(long carrierId, String workId) {
            String name = jdbc.sql("SELECT name FROM cluster WHERE id = ?").param(carrierId).query(String.class).single();
            return workId.startsWith("test:" + name + ":");
        }

        @Override
        public void reported(List<ItemReport> reports) {
            reports.forEach(r -> received.add(new Received(r.carrierId(), r)));
        }

        List<ItemReport> of(long clusterId) {
            return received.stream().filter(r -> r.carrierId() == clusterId).map(Received::report).toList();
        }
    }

    /**
     * Counts the container's dispatches of agent API requests by type and path: a request's own ({@code REQUEST})
     * and the asynchronous one an answer made after it left would take ({@code ASYNC}).
     */
    static final class Dispatches implements Filter {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            counts.computeIfAbsent(request.getDispatcherType() + " " + ((HttpServletRequest) request).getRequestURI(),
                    key -> new AtomicInteger()).incrementAndGet();
            chain.doFilter(request, response);
        }

        int of(DispatcherType type, String path) {
            AtomicInteger count = counts.get(type + " " + path);
            return count == null ? 0 : count.get();
        }
    }

    /** Counts the agent API calls Spring MVC's dispatcher servlet handed to a controller, by method and path. */
    static final class MvcCalls implements HandlerInterceptor, WebMvcConfigurer {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            counts.computeIfAbsent(request.getMethod() + " " + request.getRequestURI(), key -> new AtomicInteger())
                    .incrementAndGet();
            return true;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(this).addPathPatterns("/agent/**");
        }

        int of(String method, String path) {
            AtomicInteger count = counts.get(method + " " + path);
            return count == null ? 0 : count.get();
        }
    }

    @Bean
    MvcCalls mvcCalls() {
        return new MvcCalls();
    }

    @Bean
    Dispatches dispatches() {
        return new Dispatches();
    }

    @Bean
    FilterRegistrationBean<Dispatches> dispatchCounter(Dispatches counter) {
        FilterRegistrationBean<Dispatches> registration = new FilterRegistrationBean<>(counter);
        registration.addUrlPatterns("/agent/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        // first of the filters: the agent API's fast lane answers its calls before the later ones
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    TestWork testWork(WorkItemStore store) {
        return new TestWork(store);
    }

    @Bean
    TestWorkOwner testWorkOwner(JdbcClient jdbc) {
        return new TestWorkOwner(jdbc);
    }
}
