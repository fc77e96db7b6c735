package dev.flotilla.meta.analysis;

/** What asking a provider for one value came to. */
sealed interface Measurement {

    /** The query answered one number. */
    record Value(double value) implements Measurement {
    }

    /** The provider answered, but with no number to judge (no series, NaN, several series): inconclusive. */
    record NoData(String why) implements Measurement {
    }

    /** The provider could not be asked (down, refused, timed out, an error): inconclusive. */
    record Unavailable(String why) implements Measurement {
    }
}
