package dev.flotilla.meta.wave;

/** How targets are ordered into waves across zones. */
public enum WaveOrder {
    /** Every wave spread across the zones in proportion to their target counts. */
    SCATTER,
    /** All the waves of one zone (zones by name) before the next zone starts. */
    ZONE_BY_ZONE
}
