package dev.flotilla.meta.heap;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The soft heap limit while the replica is quiet ({@code flotilla.heap.*}, {@link QuietHeap}).
 *
 * @param quietSoftMaxRatio the soft limit while the replica is quiet, as a share of the one the JVM started with
 *     ({@code -XX:SoftMaxHeapSize}, or the maximum heap without it); never below {@link QuietHeap#LIVE_HEADROOM}
 *     times the heap in use after the last collection. 1 leaves the limit alone
 * @param quietBelowAllocation the replica is busy while its threads allocate this much a second or more (averaged
 *     over the last seconds), as well as while a campaign moves
 * @param quietAfter how long the replica must have been quiet before the limit is lowered
 */
@Validated
@ConfigurationProperties("flotilla.heap")
public record HeapProperties(
        @DecimalMin("0.1") @DecimalMax("1.0") @DefaultValue("0.6") double quietSoftMaxRatio,
        @NotNull @DefaultValue("64MB") DataSize quietBelowAllocation,
        @NotNull @DefaultValue("15s") Duration quietAfter) {
}
