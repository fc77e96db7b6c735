package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.AgentTokens;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterRequest;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.meta.cluster.AgentCaller;
import dev.flotilla.meta.web.BearerTokenFilter;
import dev.flotilla.meta.web.ProblemDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /agent/v1}: what a tenant agent calls. Everything but register needs the cluster's agent token. The
 * {@link AgentProtocolFilter} has already refused another protocol major; request bodies ignore fields this
 * version does not know (a newer agent's), while the known ones are validated as strictly as ever. A known agent's
 * well-formed status report, work poll and ping are answered by the {@link AgentFastLane} before they get here, with
 * the same answers; this controller answers every other call to them, refusals included.
 */
@RestController
@RequestMapping("/agent/v1")
class AgentController {

    private final Registration registration;
    private final WorkPolls polls;
    private final StatusRouter status;
    private final Heartbeats heartbeats;
    private final int defaultTimeoutSeconds;

    AgentController(Registration registration, WorkPolls polls, StatusRouter status, Heartbeats heartbeats) {
        this.registration = registration;
        this.polls = polls;
        this.status = status;
        this.heartbeats = heartbeats;
        this.defaultTimeoutSeconds = registration.pollTimeoutSeconds();
    }

    /**
     * 200 {@code RegisterResponse}; 401 for a missing, unknown, used or expired bootstrap token (or any other token);
     * 400 for a malformed proposed agent token. The same request again shortly after (same bootstrap token, same
     * proposed agent token) answers 200 again. With a registration token the body also names the cluster to add:
     * 401 when the token is unknown, expired or revoked, 403 when its uses are spent, 409 when the name is taken,
     * 400 for a missing or malformed name (or no region or zone to give the cluster).
     */
    @PostMapping("/register")
    ResponseEntity<?> register(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = AgentTokens.PROPOSED_HEADER, required = false) String proposedToken,
            @Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        Registration.Outcome outcome = registration.register(BearerTokenFilter.bearer(authorization), proposedToken,
                body, AgentProtocolFilter.of(request));
        if (outcome instanceof Registration.Registered ok) {
            return ResponseEntity.ok(ok.response());
        }
        if (outcome instanceof Registration.Invalid invalid) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemDetails.of(400, "bad-input", "Bad input", invalid.detail()));
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetails.of(401, "unauthorized", "Unauthorized",
                        ((Registration.Refused) outcome).detail()));
    }

    /**
     * 204 and nothing else: the cheapest authenticated agent call (protocol check, agent token, controller), which
     * the fleet benchmark measures as the ceiling a status report's cost is compared with. No database access.
     */
    @GetMapping("/ping")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void ping(@AuthenticationPrincipal AgentCaller agent) {
        // nothing: being authenticated as a cluster's agent is the whole answer
    }

    /** 204; 400 naming the invalid field. */
    @PutMapping("/facts")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void facts(@AuthenticationPrincipal AgentCaller agent, @Valid @RequestBody ClusterFacts facts) {
        heartbeats.beat(agent.clusterId());
        registration.updateFacts(agent, facts);
    }

    /**
     * 200 {@code WorkResponse} at once when the cluster's generation is past {@code generation}, else when it
     * passes it; 204 when {@code timeoutSeconds} (1..60, default {@code flotilla.agent.poll-timeout}) run out and
     * nothing changed; 503 with {@code Retry-After} while this replica shuts down.
     */
    @GetMapping("/work")
    void work(@AuthenticationPrincipal AgentCaller agent,
            @RequestParam(defaultValue = "0") @Min(0) long generation,
            @RequestParam(required = false) @Min(1) @Max(60) Integer timeoutSeconds,
            HttpServletRequest request, HttpServletResponse response) {
        int timeout = timeoutSeconds == null ? defaultTimeoutSeconds : timeoutSeconds;
        // answered on the response (the parameter tells Spring MVC so) when woken or run out, without a second
        // dispatch
        AgentAnswers.answerPoll(request, polls.poll(agent, generation, timeout), timeout);
    }

    /**
     * 204 once every report is taken (there is nothing to answer; the agent's next poll carries any change);
     * 400 naming a workId no receiver owns, 403 when a receiver refuses another cluster's item: nothing applied;
     * 503 with {@code Retry-After} when the status writer is overloaded (its queue is full, or the commit takes
     * too long): nothing applied for sure, so the agent sends the same reports again later.
     */
    @PostMapping("/status")
    void status(@AuthenticationPrincipal AgentCaller agent, @Valid @RequestBody StatusReports reports,
            HttpServletRequest request, HttpServletResponse response) {
        heartbeats.beat(agent.clusterId());
        // answered on the response (the parameter tells Spring MVC so) once the status writer committed, without a
        // second dispatch; the request's thread serves other agents meanwhile
        AgentAnswers.answerReports(request, status.submit(agent, reports.reports()), status.commitWait());
    }
}
