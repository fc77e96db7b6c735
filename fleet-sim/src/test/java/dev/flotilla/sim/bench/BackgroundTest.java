package dev.flotilla.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Background} in a JVM of its own (it renices every thread of the JVM it runs in, which a test JVM should not
 * have done to it): after {@code lower(10)} the simulator's threads, those made later included, run at nice 10, and a
 * process started through the spawner at the nice the JVM started with, while one started from any other thread
 * inherits 10 (Linux keeps a nice value per thread, and a new thread or process starts with its creator's).
 */
class BackgroundTest {

    @Test
    void theSimulatorsThreadsRunAtItsNiceAndWhatItSpawnsAtTheOneItWasStartedWith() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "Linux /proc only");
        int startedWith = niceOf(Files.readString(Path.of("/proc/self/stat")));
        assumeTrue(startedWith < 10, "the test runs at nice " + startedWith);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Check.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        Map<String, Integer> nice = new TreeMap<>();
        output.lines().filter(l -> l.startsWith("nice ")).map(l -> l.split(" "))
                .forEach(f -> nice.put(f[1], Integer.parseInt(f[2])));

        assertThat(nice).as(output).containsEntry("main", 10).containsEntry("later-thread", 10)
                .containsEntry("spawned", startedWith).containsEntry("forked-from-simulator", 10);
        assertThat(nice.get("reniced")).isPositive();
    }

    /** The nice value in a /proc/.../stat line: field 19, counted after the command name in parentheses. */
    static int niceOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    /** The child JVM: lowers itself, then prints its threads' and children's nice values. */
    public static final class Check {
        public static void main(String[] args) throws Exception {
            int reniced = Background.lower(10);
            System.out.println("nice reniced " + reniced);
            System.out.println("nice main " + niceOf(Files.readString(Path.of("/proc/thread-self/stat"))));
            int[] later = new int[1];
            Thread thread = new Thread(() -> {
                try {
                    later[0] = niceOf(Files.readString(Path.of("/proc/thread-self/stat")));
                } catch (IOException e) {
                    later[0] = Integer.MIN_VALUE;
                }
            });
            thread.start();
            thread.join();
            System.out.println("nice later-thread " + later[0]);
            System.out.println("nice spawned " + Background.spawn(Check::childNice));
            System.out.println("nice forked-from-simulator " + childNice());
            System.exit(0);
        }

        private static int childNice() throws IOException, InterruptedException {
            Process cat = new ProcessBuilder(List.of("cat", "/proc/self/stat")).start();
            String stat = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cat.waitFor();
            return niceOf(stat);
        }
    }
}
