package dev.flotilla.sim.backend;

import java.util.Map;

/** Durations from {@link SimulationSettings}, scaled and jittered deterministically per pod. */
final class SettingsTiming implements Timing {

    private final SimulationSettings settings;
    private final boolean broken;

    SettingsTiming(SimulationSettings settings, boolean broken) {
        this.settings = settings;
        this.broken = broken;
    }

    @Override
    public long readyDelay(Map<String, Object> template, String key, boolean inPlace, boolean initial) {
        if (settings.failing(template) || (broken && !initial)) {
            return SimPod.NEVER;
        }
        return scaled(inPlace ? settings.inPlaceSeconds() : settings.recreateSeconds(), key);
    }

    @Override
    public long jobDuration(Map<String, Object> template, String key) {
        long duration = scaled(settings.jobSeconds(), key);
        return settings.failing(template) || broken ? -duration - 1 : duration;
    }

    private long scaled(double seconds, String key) {
        long mix = settings.seed() * 0x9E3779B97F4A7C15L + key.hashCode();
        mix ^= mix >>> 31;
        mix *= 0xBF58476D1CE4E5B9L;
        double unit = ((mix >>> 11) & 0xFFFFF) / (double) 0xFFFFF;
        double factor = 1 + settings.jitter() * (2 * unit - 1);
        return Math.max(1, Math.round(seconds * factor * 1000 / settings.timeScale()));
    }
}
