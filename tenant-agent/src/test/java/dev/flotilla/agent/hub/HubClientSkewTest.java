package dev.flotilla.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.hub.StubHub.Answer;
import dev.flotilla.api.agent.AgentProtocol;
import dev.flotilla.api.agent.ClusterFacts;
import dev.flotilla.api.agent.RegisterResponse;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.StatusReports;
import dev.flotilla.api.agent.UpdateType;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkResponse;
import dev.flotilla.api.agent.WorkloadKind;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The agent's client against a meta-controller of another version: what it sends and what it can read. */
class HubClientSkewTest {

    static final ClusterFacts FACTS = new ClusterFacts("v1.31.0", "v1.7.2", "0.1.0", 3, List.of("z1"), List.of(),
            List.of());

    /** A newer meta-controller's work answer: a field this agent does not know at every level. */
    static final String NEWER_WORK = """
            {"generation":42,"shard":"eu-1","items":[{"workId":"rollout-7-web","application":"web",
             "kind":"CloneSet","namespace":"shop","name":"web","revision":3,"manifest":{"kind":"CloneSet"},
             "strategy":{"type":"InPlaceIfPossible","maxUnavailable":"1","maxSurge":null,"surgeMode":"fast",
               "batches":[{"partition":"50%","pauseSeconds":0,"soakSeconds":30},{"partition":"0","pauseSeconds":null}],
               "progressDeadlineSeconds":600,"analysis":{"metric":"errors"}},
             "paused":false,"rollback":false,"generation":5,"priority":"high","labels":{"a":"b"}}],
             "nextPollHint":{"seconds":5}}""";

    static final String NEWER_REGISTER = """
            {"cluster":"edge-1","agentToken":"fla_x","pollTimeoutSeconds":30,"features":["compression"],
             "region":{"name":"eu"}}""";

    /** A strict mapper: the client must tolerate unknown fields whatever mapper it is handed. */
    private final JsonMapper strict = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final StubHub hub = new StubHub();
    private final HubClient client = new HubClient(HttpClient.newHttpClient(), strict, hub.uri(), Duration.ofSeconds(5));

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void sharesTheRuntimesMapperAsItIsAndMakesAStrictOneLenient() {
        try (dev.flotilla.agent.AgentRuntime runtime = dev.flotilla.agent.AgentRuntime.create()) {
            // thousands of agents in one JVM (the simulator) must not each learn every type with a mapper of their own
            assertThat(HubClient.lenient(runtime.json())).isTrue();
        }
        assertThat(HubClient.lenient(strict)).isFalse();
        assertThat(HubClient.lenient(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build())).as("a null for a primitive would still fail").isFalse();
    }

    @Test
    void readsANewerMetaControllersWorkAnswerWithUnknownFieldsAtEveryLevelIgnoringThem() throws Exception {
        hub.on("/agent/v1/work", Answer.json(200, NEWER_WORK).with(AgentProtocol.HEADER, "1.7"));

        WorkResponse work = client.work("fla_x", 41, 1).get();

        assertThat(work.generation()).isEqualTo(42);
        WorkItem item = work.items().get(0);
        assertThat(item.workId()).isEqualTo("rollout-7-web");
        assertThat(item.kind()).isEqualTo(WorkloadKind.CloneSet);
        assertThat(item.generation()).isEqualTo(5);
        assertThat(item.manifest()).containsEntry("kind", "CloneSet");
        assertThat(item.strategy().type()).isEqualTo(UpdateType.InPlaceIfPossible);
        assertThat(item.strategy().progressDeadlineSeconds()).isEqualTo(600);
        assertThat(item.strategy().batches()).extracting(b -> b.partition()).containsExactly("50%", "0");
        // without resources and uninstall (a protocol 1.1 answer) it is a single-workload item
        assertThat(item.bundle()).isFalse();
    }

    @Test
    void readsANewerMetaControllersRegistrationAnswerWithUnknownFieldsIgnoringThem() throws Exception {
        hub.on("/agent/v1/register", Answer.json(200, NEWER_REGISTER));

        RegisterResponse registered = client.register("flb_x", "fla_x", FACTS).get();

        assertThat(registered).isEqualTo(new RegisterResponse("edge-1", "fla_x", 30));
    }

    @Test
    void sendsItsProtocolVersionOnEveryCall() throws Exception {
        hub.on("/agent/v1/register", Answer.json(200, NEWER_REGISTER))
                .on("/agent/v1/facts", Answer.empty(204))
                .on("/agent/v1/work", Answer.empty(204))
                .on("/agent/v1/status", Answer.empty(204));

        client.register("flb_x", "fla_x", FACTS).get();
        client.putFacts("fla_x", FACTS).get();
        client.work("fla_x", 0, 1).get();
        client.report("fla_x", new StatusReports(List.of(
                new StatusReport("w", 1, 1, WorkPhase.APPLYING, 0, 1, null, null)))).get();

        assertThat(hub.requests).hasSize(4)
                .allSatisfy(r -> assertThat(r.header(AgentProtocol.HEADER)).isEqualTo(AgentProtocol.VERSION));
    }

    @Test
    void aRefusalOfItsProtocolMajorFailsTheCallAsIncompatibleNamingBothVersions() {
        hub.on("/agent/v1/work", Answer.json(400, """
                {"type":"https://flotilla.dev/problems/unsupported-protocol","title":"Unsupported agent protocol",
                 "status":400,"detail":"agent protocol 1.1 is not supported"}""")
                .with("Content-Type", "application/problem+json").with(AgentProtocol.HEADER, "2.0"));

        assertThat(client.work("fla_x", 0, 1)).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .havingCause().isInstanceOf(HubException.Incompatible.class)
                .withMessageContaining(AgentProtocol.VERSION).withMessageContaining("2.0");
    }

    @Test
    void anotherBadRequestStaysARejection() {
        hub.on("/agent/v1/status", Answer.json(400, """
                {"type":"https://flotilla.dev/problems/bad-input","status":400,"detail":"no work item"}"""));

        assertThat(client.report("fla_x", new StatusReports(List.of()))).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().havingCause().isInstanceOf(HubException.Rejected.class);
    }
}
