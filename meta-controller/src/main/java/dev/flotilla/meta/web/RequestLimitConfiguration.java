package dev.flotilla.meta.web;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Puts the {@link RequestLimitFilter} in front of the security filters (order -100), answers a URL the security
 * firewall rejects (a {@code ;}, a {@code ..}, a control character) with a problem naming why, and has Tomcat
 * answer what it refuses by itself as a problem too ({@link ProblemReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitConfiguration {

    static final int FILTER_ORDER = -150;

    @Bean
    FilterRegistrationBean<RequestLimitFilter> requestLimitFilter() {
        FilterRegistrationBean<RequestLimitFilter> registration = new FilterRegistrationBean<>(new RequestLimitFilter());
        registration.setOrder(FILTER_ORDER);
        registration.setName("requestLimitFilter");
        return registration;
    }

    /** Swaps the host's error report valve (added as the host starts, before its contexts) for the problem one. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() != null) {
                Pipeline pipeline = context.getParent().getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve.getClass() == ErrorReportValve.class) {
                        pipeline.removeValve(valve);
                        pipeline.addValve(new ProblemReportValve());
                    }
                }
            }
        }));
    }

    @Bean
    RequestRejectedHandler problemOnRejectedRequest() {
        return (request, response, rejected) -> ProblemDetails.write(response, ProblemDetails.of(
                HttpServletResponse.SC_BAD_REQUEST, "bad-input", "Bad input", rejected.getMessage()));
    }
}
