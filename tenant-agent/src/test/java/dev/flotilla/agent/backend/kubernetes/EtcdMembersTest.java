package dev.flotilla.agent.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading {@code etcd_server_is_leader} out of a metrics exposition, and where a member's metrics live. */
class EtcdMembersTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            etcd_server_is_leader 1                                                | true
            etcd_server_is_leader 0                                                | false
            etcd_server_is_leader 1.0                                              | true
            etcd_server_is_leader 0 1716200000000                                  | false
            etcd_server_is_leader{member="a"} 1                                    | true
            etcd_server_is_leader{member="a}b",zone="z"} 0 1716200000000            | false
            '  etcd_server_is_leader   1  '                                        | true
            # etcd_server_is_leader 1                                              | none
            etcd_server_is_leader_changes 1                                        | none
            etcd_server_is_leader NaN                                              | none
            etcd_server_is_leader 2                                                | none
            etcd_server_has_leader 1                                               | none
            """)
    void readsTheLeaderGaugeFromOneLine(String line, Boolean leads) {
        assertThat(EtcdMembers.leads("# TYPE etcd_server_is_leader gauge\n" + line + "\n"))
                .isEqualTo(Optional.ofNullable(leads));
    }

    @Test
    void takesTheSampleAmongOtherMetricsAndWindowsLineEnds() {
        String exposition = "# HELP etcd_server_is_leader Whether or not this member is a leader.\r\n"
                + "# TYPE etcd_server_is_leader gauge\r\netcd_server_has_leader 1\r\n"
                + "etcd_server_is_leader 1\r\netcd_server_leader_changes_seen_total 3\r\n";

        assertThat(EtcdMembers.leads(exposition)).contains(true);
    }

    @Test
    void asksTheContainerPortNamedMetricsOrElse2381() {
        Pod named = pod("10.1.2.3").editSpec().editFirstContainer().addNewPort().withName("client")
                .withContainerPort(2379).endPort().addNewPort().withName("metrics").withContainerPort(9979).endPort()
                .endContainer().endSpec().build();

        assertThat(EtcdMembers.metricsUri(named)).hasToString("http://10.1.2.3:9979/metrics");
        assertThat(EtcdMembers.metricsUri(pod("10.1.2.3").build())).hasToString("http://10.1.2.3:2381/metrics");
        assertThat(EtcdMembers.metricsUri(pod("fd00::7").build())).hasToString("http://[fd00::7]:2381/metrics");
    }

    private static PodBuilder pod(String ip) {
        return new PodBuilder().withNewMetadata().withName("etcd-0").endMetadata()
                .withNewSpec().addNewContainer().withName("etcd").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus();
    }
}
