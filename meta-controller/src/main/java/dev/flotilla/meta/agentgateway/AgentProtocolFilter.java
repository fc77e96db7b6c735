package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.meta.web.ProblemDetails;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent protocol's version check, in front of everything else on {@code /agent/v1/**} (authentication
 * included): every answer carries this meta-controller's version in {@link AgentProtocol#HEADER}; a request whose
 * header names another major (or is not {@code MAJOR.MINOR}) is answered 400 {@code unsupported-protocol} and goes
 * no further. Any minor of this major is served; a request without the header is the original 1.0.
 */
final class AgentProtocolFilter extends OncePerRequestFilter {

    /** The request attribute holding the caller's {@link AgentProtocol.Version}. */
    static final String VERSION_ATTRIBUTE = AgentProtocolFilter.class.getName() + ".version";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(AgentProtocol.HEADER, AgentProtocol.VERSION);
        String header = request.getHeader(AgentProtocol.HEADER);
        AgentProtocol.Version version;
        try {
            version = AgentProtocol.parse(header);
        } catch (IllegalArgumentException e) {
            refuse(response, header, "the agent protocol version " + e.getMessage() + "; this meta-controller speaks "
                    + AgentProtocol.VERSION + " (any " + AgentProtocol.MAJOR + ".x)");
            return;
        }
        if (!version.compatible()) {
            refuse(response, version.toString(), "agent protocol " + version + " is not supported: this "
                    + "meta-controller speaks " + AgentProtocol.VERSION + " and serves any " + AgentProtocol.MAJOR
                    + ".x; upgrade the meta-controller or run an agent of protocol " + AgentProtocol.MAJOR + ".x");
            return;
        }
        request.setAttribute(VERSION_ATTRIBUTE, version);
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String asked, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemDetails.TYPE_BASE + AgentProtocol.UNSUPPORTED_PROBLEM);
        problem.put("title", "Unsupported agent protocol");
        problem.put("status", 400);
        problem.put("detail", detail);
        problem.put("agentProtocol", asked);
        problem.put("supportedProtocol", AgentProtocol.MAJOR + ".x");
        response.setStatus(400);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    /** The caller's version as the filter read it; the original version outside the agent API. */
    static AgentProtocol.Version of(HttpServletRequest request) {
        Object version = request.getAttribute(VERSION_ATTRIBUTE);
        return version instanceof AgentProtocol.Version v ? v : AgentProtocol.ORIGINAL;
    }
}
