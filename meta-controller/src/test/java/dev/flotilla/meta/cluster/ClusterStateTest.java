package dev.flotilla.meta.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterStateTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    @ParameterizedTest(name = "registered={0}, heartbeat {1}s ago -> {2}")
    @CsvSource({
        "false, 10, REGISTERING",
        "true, 0, READY",
        "true, 90, READY",
        "true, 91, NOT_READY",
        "true, -1, NOT_READY"})
    void uncordonFollowsTheAgentsHealth(boolean registered, long ageSeconds, ClusterState expected) {
        Instant heartbeat = ageSeconds < 0 ? null : NOW.minusSeconds(ageSeconds);
        assertThat(ClusterState.CORDONED.uncordon(registered, heartbeat, NOW, TIMEOUT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = ClusterState.class, names = "CORDONED", mode = EnumSource.Mode.EXCLUDE)
    void uncordonLeavesAClusterThatIsNotCordonedAlone(ClusterState state) {
        assertThat(state.uncordon(true, NOW, NOW, TIMEOUT)).isEqualTo(state);
    }

    @ParameterizedTest
    @EnumSource(ClusterState.class)
    void cordonAlwaysLeadsToCordoned(ClusterState state) {
        assertThat(state.cordon()).isEqualTo(ClusterState.CORDONED);
    }

    @Test
    void aNewBootstrapTokenSendsTheClusterBackToRegisteringUnlessCordoned() {
        assertThat(ClusterState.READY.afterBootstrapReissue()).isEqualTo(ClusterState.REGISTERING);
        assertThat(ClusterState.NOT_READY.afterBootstrapReissue()).isEqualTo(ClusterState.REGISTERING);
        assertThat(ClusterState.CORDONED.afterBootstrapReissue()).isEqualTo(ClusterState.CORDONED);
    }

    @Test
    void parsesStatesCaseInsensitivelyAndNamesAnUnknownOne() {
        assertThat(ClusterState.parse("state", "not_ready")).isEqualTo(ClusterState.NOT_READY);
        assertThatThrownBy(() -> ClusterState.parse("state", "ASLEEP"))
                .isInstanceOf(FlotillaException.class).hasMessageContaining("'ASLEEP'").hasMessageContaining("state");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "cluster-00042", "abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz-012345678"})
    void aCursorRoundTripsTheLastName(String name) {
        assertThat(Page.decode(Page.encode(name))).isEqualTo(name);
    }
}
