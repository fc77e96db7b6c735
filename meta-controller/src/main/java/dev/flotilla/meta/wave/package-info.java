/**
 * The campaign engine every kind plugs into: one {@link dev.flotilla.meta.wave.WaveSpec} (canary, waves, order,
 * concurrency, soak, approvals, failure budget, unreachable policy, windows) planned into waves and driven pass by
 * pass, the operator controls, the history and its streams, and the one read/control surface
 * {@code /api/v1/campaigns}. What differs per kind sits behind {@link dev.flotilla.meta.wave.CampaignKind}.
 */
package dev.flotilla.meta.wave;
