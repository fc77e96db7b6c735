package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JIT compiler's part of a JVM's CPU, read per thread from /proc (Linux only, as the benchmark). */
class ProcessMeterTest {

    @Test
    void aJvmsCompilerThreadsArePartOfItsCpu() {
        ProcessMeter.Reading self = new ProcessMeter(ProcessHandle.current().pid(), false).read();
        // this JVM compiled the test framework's startup path on its C1/C2 compiler threads by now
        assertThat(self.jitCpuSeconds()).isGreaterThan(0).isLessThan(self.cpuSeconds());
    }

    @Test
    void aProcessWithoutCompilerThreadsHasNoJitCpu() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 5")
                .start();
        try {
            Thread.sleep(1500);
            ProcessMeter.Reading shell = new ProcessMeter(busy.pid(), false).read();
            assertThat(shell.cpuSeconds()).isGreaterThan(0);
            assertThat(shell.jitCpuSeconds()).isZero();
        } finally {
            busy.destroy();
            busy.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
