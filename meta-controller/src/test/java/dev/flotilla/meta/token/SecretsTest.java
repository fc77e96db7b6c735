package dev.flotilla.meta.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SecretsTest {

    /** FIPS 180-2's test vector for "abc". */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesAreSha256InLowerCaseHexAndDoNotCarryOverFromTheLastHash() {
        assertThat(Secrets.hash("abc")).isEqualTo(ABC);
        assertThat(Secrets.hash("fla_other")).isNotEqualTo(ABC).hasSize(64);
        assertThat(Secrets.hash("abc")).isEqualTo(ABC);
    }

    @Test
    void everyThreadHashesAlike() {
        String elsewhere = CompletableFuture.supplyAsync(() -> Secrets.hash("abc")).join();
        assertThat(elsewhere).isEqualTo(ABC);
    }
}
