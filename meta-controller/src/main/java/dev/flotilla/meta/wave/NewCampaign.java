package dev.flotilla.meta.wave;

/**
 * Who and what a new campaign is about.
 *
 * @param kind the campaign kind ({@link CampaignKind#kind()})
 * @param subject what it changes; one active campaign per (kind, subject)
 * @param tenant the tenant whose tokens see it besides unscoped ones; null: unscoped tokens only
 * @param createdBy the token (or identity) that created it
 * @param description the first event's message
 */
public record NewCampaign(String kind, String subject, String tenant, String createdBy, String description) {
}
