package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void theReportSaysWhetherTheSimulatorStartedFromAnAheadOfTimeCache() {
        assertThat(BenchReport.aotCache(List.of("-Xmx3g", "-XX:AOTCache=/tmp/sim.aot")))
                .isEqualTo("AOT cache /tmp/sim.aot");
        assertThat(BenchReport.aotCache(List.of("-XX:AOTCacheOutput=/tmp/sim.aot", "-Xmx3g")))
                .isEqualTo("training the AOT cache /tmp/sim.aot");
        assertThat(BenchReport.aotCache(List.of("-Xmx3g", "-Djdk.httpclient.keepalive.timeout=10"))).isNull();
    }
}
