package dev.flotilla.meta.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SoftHeapLimit#ofThisJvm()} in JVMs of their own, one per collector: the Z collector's soft limit is read and
 * set through the JVM's diagnostic bean (the JVM then reports the new value of {@code SoftMaxHeapSize}); G1, which
 * ignores the flag, gets none.
 */
class SoftHeapLimitTest {

    @Test
    void theZCollectorsSoftLimitIsReadAndSet() throws Exception {
        String output = run("-XX:+UseZGC");
        assertThat(output).contains("present true", "start " + (256L << 20), "after set " + (128L << 20))
                .containsPattern("used after collection [1-9][0-9]*");
    }

    @Test
    void g1HasNone() throws Exception {
        assertThat(run("-XX:+UseG1GC")).contains("present false");
    }

    private static String run(String collector) throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                collector, "-Xmx512m", "-XX:SoftMaxHeapSize=256m", "-cp", System.getProperty("java.class.path"),
                Check.class.getName())).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    /** The child JVM: prints what it finds and what the JVM reports after a set. */
    public static final class Check {
        public static void main(String[] args) {
            var limit = SoftHeapLimit.ofThisJvm();
            System.out.println("present " + limit.isPresent());
            if (limit.isPresent()) {
                System.out.println("start " + limit.get().get());
                byte[][] kept = new byte[32][];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = new byte[1 << 20];
                }
                System.gc();
                System.out.println("used after collection " + limit.get().usedAfterLastCollection() + " "
                        + kept.length);
                limit.get().set(128L << 20);
                System.out.println("after set " + java.lang.management.ManagementFactory
                        .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                        .getVMOption("SoftMaxHeapSize").getValue());
            }
            System.exit(0);
        }
    }
}
