package dev.flotilla.meta.idempotency;

/** The first answer to an idempotent request, as it is replayed: status, headers that matter, body. */
public record StoredAnswer(int status, String location, String etag, String contentType, byte[] body) {
}
