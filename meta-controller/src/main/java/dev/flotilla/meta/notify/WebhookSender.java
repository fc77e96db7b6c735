package dev.flotilla.meta.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt of a delivery over HTTP: the signed POST and what came of it. One client serves every hook: its
 * connection pool keeps connections to a receiver alive between events, and the deliverer's slots bound how many
 * are in use at once. Redirects are not followed (a receiver that moved answers 3xx, a failure the log shows).
 */
final class WebhookSender {

    /** What one attempt got: a status (null without an answer) and, unless it was a 2xx, why it failed. */
    record Outcome(Integer status, String error) {
    }

    private final WebhookPayloads payloads;
    private final WebhookProperties properties;
    private final Clock clock;
    private final HttpClient http;

    WebhookSender(WebhookPayloads payloads, WebhookProperties properties, Clock clock) {
        this.payloads = payloads;
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs the delivery's event; an interrupt (the replica stops) cancels the request and is passed on. */
    Outcome post(Delivery d) throws InterruptedException {
        byte[] body = payloads.body(d);
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(d.url()));
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "the URL cannot be sent to: " + e.getMessage());
        }
        HttpRequest request = builder
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "flotilla-webhooks/1")
                .header("Flotilla-Event-Id", d.eventId())
                .header("Flotilla-Event-Type", d.type())
                .header("Flotilla-Delivery-Attempt", Integer.toString(d.attempt()))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(d.secret(), clock.instant(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // the request timeout covers the wait for the status line; this also bounds reading the body
            HttpResponse<Void> response = answer.get(properties.connectTimeout().plus(properties.readTimeout())
                    .toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(response.statusCode(), response.statusCode() / 100 == 2 ? null
                    : "the receiver answered " + response.statusCode());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause instanceof HttpTimeoutException ? "timed out: " + cause.getMessage()
                    : cause instanceof IOException ? "connection failed: " + describe(cause) : describe(cause);
            return new Outcome(null, why);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome(null, "timed out reading the answer");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }
}
