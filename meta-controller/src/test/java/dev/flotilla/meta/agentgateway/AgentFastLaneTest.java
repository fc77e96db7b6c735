package dev.flotilla.meta.agentgateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** What the fast lane takes as it is and what it leaves to the controller to refuse by name. */
class AgentFastLaneTest {

    private static long generation(String... values) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", AgentFastLane.WORK);
        if (values.length > 0) {
            request.addParameter("generation", values);
        }
        return AgentFastLane.parameter(request, "generation", 0, Long.MAX_VALUE, 0);
    }

    @Test
    void aWholeNumberInRangeIsTakenAnythingElseIsLeftToTheController() {
        assertThat(generation()).as("absent").isZero();
        assertThat(generation("17")).isEqualTo(17);
        assertThat(generation("007")).isEqualTo(7);
        assertThat(generation("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(generation("9223372036854775808")).as("past Long.MAX_VALUE").isEqualTo(-1);
        assertThat(generation("99999999999999999999")).isEqualTo(-1);
        assertThat(generation("")).isEqualTo(-1);
        assertThat(generation("-1")).isEqualTo(-1);
        assertThat(generation("+1")).isEqualTo(-1);
        assertThat(generation("1e3")).isEqualTo(-1);
        assertThat(generation(" 1")).isEqualTo(-1);
        assertThat(generation("1", "2")).as("repeated").isEqualTo(-1);

        MockHttpServletRequest request = new MockHttpServletRequest("GET", AgentFastLane.WORK);
        request.addParameter("timeoutSeconds", "61");
        assertThat(AgentFastLane.parameter(request, "timeoutSeconds", 1, 60, 50)).isEqualTo(-1);
        request.setParameter("timeoutSeconds", "60");
        assertThat(AgentFastLane.parameter(request, "timeoutSeconds", 1, 60, 50)).isEqualTo(60);
    }

    @Test
    void onlyPlainJsonBodiesAreReadHere() {
        assertThat(AgentFastLane.json("application/json")).isTrue();
        assertThat(AgentFastLane.json("application/json; charset=UTF-8")).isTrue();
        assertThat(AgentFastLane.json("Application/JSON;charset=utf-8")).isTrue();
        assertThat(AgentFastLane.json("application/problem+json")).isFalse();
        assertThat(AgentFastLane.json("text/plain")).isFalse();
        assertThat(AgentFastLane.json("application/jsonx")).isFalse();
        assertThat(AgentFastLane.json(null)).isFalse();
    }

    @Test
    void onlyTheThreeBusiestCallsAreRouted() {
        assertThat(AgentFastLane.route(new MockHttpServletRequest("POST", "/agent/v1/status")))
                .isEqualTo(AgentFastLane.STATUS);
        assertThat(AgentFastLane.route(new MockHttpServletRequest("GET", "/agent/v1/work")))
                .isEqualTo(AgentFastLane.WORK);
        assertThat(AgentFastLane.route(new MockHttpServletRequest("GET", "/agent/v1/ping")))
                .isEqualTo(AgentFastLane.PING);
        assertThat(AgentFastLane.route(new MockHttpServletRequest("GET", "/agent/v1/status"))).isNull();
        assertThat(AgentFastLane.route(new MockHttpServletRequest("POST", "/agent/v1/work"))).isNull();
        assertThat(AgentFastLane.route(new MockHttpServletRequest("PUT", "/agent/v1/facts"))).isNull();
        assertThat(AgentFastLane.route(new MockHttpServletRequest("POST", "/agent/v1/register"))).isNull();
        assertThat(AgentFastLane.route(new MockHttpServletRequest("POST", "/agent/v1/status/"))).isNull();
    }
}
