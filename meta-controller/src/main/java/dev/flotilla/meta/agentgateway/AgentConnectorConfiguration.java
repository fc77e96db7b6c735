package dev.flotilla.meta.agentgateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.flotilla.meta.config.FlotillaProperties;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The agent API's own connector ({@code flotilla.agent.port}, off when 0): its own port, its own request threads
 * ({@code flotilla.agent.threads}, at {@code flotilla.agent.thread-priority}) and its own connection limit, so
 * thousands of agents reporting at once queue on their connector and never for the threads that serve the portal,
 * with smaller per-connection buffers (every
 * waiting agent holds its connection's). On that port only {@code /agent/**} and
 * {@code /actuator/health/**} answer (404 problem otherwise); the main port keeps serving the agent API too, so
 * agents configured with the portal's address go on working. Its buffers are sized for the agent API's small
 * requests and answers: with 5,000 parked polls the live heap measured 295 MB instead of 420 MB with Tomcat's
 * default response and reader buffers (a class histogram, docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class AgentConnectorConfiguration {

    static final int FILTER_ORDER = -300;
    /**
     * Request header limit on the agent port (Tomcat's default is 8 KiB): an agent sends under 1 KiB, room is left for
     * what proxies on the way add.
     */
    static final int REQUEST_HEADER_BYTES = 4096;
    /** Response header buffer on the agent port (Tomcat's default is 8 KiB): the agent API's answers send under 1 KiB. */
    static final int RESPONSE_HEADER_BYTES = 2048;
    /** Socket read and write buffers on the agent port (Tomcat's default is 8 KiB each). */
    static final int SOCKET_BUFFER_BYTES = 2048;
    /** The servlet response buffer on the agent port (Tomcat's default is 8 KiB, plus a char buffer as large). */
    static final int RESPONSE_BUFFER_BYTES = 1024;
    /**
     * The request's reader buffer on the agent port, in chars (Tomcat's default 8,192 chars = 16 KiB, allocated
     * for every request although the agent API reads bodies as bytes and never through the reader).
     */
    static final int READER_BUFFER_CHARS = 256;

    private static final Logger log = LoggerFactory.getLogger(AgentConnectorConfiguration.class);
    private static final Field INPUT_BUFFER = inputBufferField();

    /**
     * Every parked poll keeps its request object, and Tomcat gives each a reader buffer of 16 KiB that the agent API
     * never uses: the agent port's requests get one of {@link #READER_BUFFER_CHARS} chars instead (it grows if a
     * reader ever needs more). Set before the request is used, as its stream and reader are made on first use.
     */
    static Request withSmallReader(Request request, org.apache.coyote.Request coyoteRequest) {
        if (INPUT_BUFFER != null) {
            try {
                INPUT_BUFFER.set(request, new InputBuffer(READER_BUFFER_CHARS, coyoteRequest));
            } catch (IllegalAccessException | RuntimeException e) {
                log.debug("Could not give the agent port's request a small reader buffer: {}", e.toString());
            }
        }
        return request;
    }

    private static Field inputBufferField() {
        try {
            Field field = Request.class.getDeclaredField("inputBuffer");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Tomcat's request has no accessible inputBuffer ({}); agent-port requests keep the default "
                    + "reader buffer", e.toString());
            return null;
        }
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> agentConnector(FlotillaProperties properties,
            TomcatServerProperties tomcat) {
        int port = properties.agent().port();
        int threads = properties.agent().agentPortThreads();
        int priority = properties.agent().threadPriority();
        int maxConnections = tomcat.getMaxConnections();
        int processorCache = tomcat.getProcessorCache();
        return factory -> {
            if (port <= 0) {
                return;
            }
            Connector connector = new Connector(new AgentProtocol()) {
                /** A response buffer of 1 KiB instead of 8 (and its char buffer with it): 21 KiB less per poll. */
                @Override
                public Response createResponse(org.apache.coyote.Response coyoteResponse) {
                    return new Response(coyoteResponse, RESPONSE_BUFFER_BYTES);
                }

                @Override
                public Request createRequest(org.apache.coyote.Request coyoteRequest) {
                    return withSmallReader(super.createRequest(coyoteRequest), coyoteRequest);
                }
            };
            connector.setPort(port);
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setMaxThreads(threads);
                http.setMinSpareThreads(Math.min(threads, 4));
                // below the portal's threads (flotilla.agent.thread-priority): the request threads and the poller
                // that reads the agents' connections, so a fleet reporting at once yields the CPU to the portal
                http.setThreadPriority(priority);
                connector.setProperty("pollerThreadPriority", Integer.toString(priority));
                http.setMaxConnections(maxConnections);
                // as the main connector (server.tomcat.processor-cache, one per connection): Tomcat recycles request
                // processors (with their buffers and request objects) through this cache. At its default of 200, a
                // rollout answering 1,000 polls per engine pass dropped all but 200 and built new ones (~25 KiB each)
                // for the agents' next reports and polls, which then outlived young collections as parked polls (the
                // old generation grew 800 MB in a 10,000-cluster rollout, with long G1 pauses; 2,048 still let it
                // grow so). Tomcat's advice for asynchronous requests: as many as the concurrent requests expected
                http.setProcessorCache(processorCache);
                http.setAcceptCount(1000);
                // as the main connector: idle connections close after 20 s (agents drop theirs after 10 s), and a
                // body over the API's limit is read and dropped up to 16 MB so the agent reads the 413
                http.setConnectionTimeout(20_000);
                http.setMaxSwallowSize(16 * 1024 * 1024);
                // a parked long poll keeps its connection's buffers: agents send and get small headers and bodies,
                // so 4 KiB for request headers, 2 KiB for response headers and the socket's buffers instead of 8 KiB
                // each save about 28 KiB per waiting agent (the request's input buffer is header plus socket buffer)
                http.setMaxHttpRequestHeaderSize(REQUEST_HEADER_BYTES);
                http.setMaxHttpResponseHeaderSize(RESPONSE_HEADER_BYTES);
                connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
                connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            }
            factory.addAdditionalConnectors(connector);
        };
    }

    @Bean
    FilterRegistrationBean<AgentPortFilter> agentPortFilter(FlotillaProperties properties) {
        int port = properties.agent().port();
        FilterRegistrationBean<AgentPortFilter> registration = new FilterRegistrationBean<>(new AgentPortFilter(port));
        registration.setOrder(FILTER_ORDER);
        registration.setName("agentPortFilter");
        registration.setEnabled(port > 0);
        return registration;
    }

    /** On the agent port, anything but the agent API and health is not found. */
    static final class AgentPortFilter extends OncePerRequestFilter {

        private final int port;

        AgentPortFilter(int port) {
            this.port = port;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI();
            if (request.getLocalPort() == port && !path.startsWith("/agent/")
                    && !path.startsWith("/actuator/health")) {
                response.setStatus(404);
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"type\":\"https://flotilla.dev/problems/not-found\",\"title\":"
                        + "\"Not found\",\"status\":404,\"detail\":\"port " + port + " serves the agent API "
                        + "(/agent/v1) only; the portal API is on the main port\"}");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
