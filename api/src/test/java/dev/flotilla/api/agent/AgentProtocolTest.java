package dev.flotilla.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentProtocolTest {

    @Test
    void aMissingHeaderIsTheOriginalVersionOneZero() {
        assertThat(AgentProtocol.parse(null)).isEqualTo(new AgentProtocol.Version(1, 0));
        assertThat(AgentProtocol.parse(" ")).isEqualTo(AgentProtocol.ORIGINAL);
    }

    @Test
    void anyMinorOfTheSameMajorIsCompatibleAndAnotherMajorIsNot() {
        assertThat(AgentProtocol.parse("1.9").compatible()).isTrue();
        assertThat(AgentProtocol.parse(AgentProtocol.VERSION)).isEqualTo(AgentProtocol.current());
        assertThat(AgentProtocol.parse("2.0").compatible()).isFalse();
        assertThat(AgentProtocol.parse("2.0")).hasToString("2.0");
    }

    @Test
    void aValueThatIsNotMajorDotMinorIsRefused() {
        assertThatThrownBy(() -> AgentProtocol.parse("1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1'");
        assertThatThrownBy(() -> AgentProtocol.parse("v1.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
