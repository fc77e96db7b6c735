package dev.flotilla.meta.notify;

import dev.flotilla.meta.cluster.ClusterSyntax;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.wave.CampaignKind;
import dev.flotilla.meta.web.FlotillaException;
import dev.flotilla.meta.web.Page;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, lists, shows, replaces and deletes webhooks, and reads their delivery logs. A tenant-scoped admin sees
 * and makes only its tenant's hooks, which only ever get that tenant's campaign events.
 */
@Service
public class WebhookService {

    private static final Logger log = LoggerFactory.getLogger(WebhookService.class);
    private static final Set<String> FORMATS = Set.of("flotilla", "slack");
    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "FAILED");

    private final Webhooks hooks;
    private final Deliveries deliveries;
    private final Set<String> kinds;
    private final Clock clock;

    WebhookService(Webhooks hooks, Deliveries deliveries, List<CampaignKind> kinds, Clock clock) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.kinds = new TreeSet<>(kinds.stream().map(CampaignKind::kind).toList());
        this.clock = clock;
    }

    @Transactional
    public WebhookView create(ApiCaller caller, WebhookRequest request) {
        if (request.secret() == null) {
            throw FlotillaException.badInput("field 'secret' is required").with("field", "secret");
        }
        WebhookRequest hook = check(caller, request);
        long id = hooks.insert(hook, caller.tenant(), caller.tokenName(), clock.instant())
                .orElseThrow(() -> taken(hook.name()));
        log.info("Webhook {} created by {}: {} for {}", hook.name(), caller.tokenName(), hook.url(), filters(hook));
        return hooks.find(id, false).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Page<WebhookView> list(ApiCaller caller, String cursor, Integer limit) {
        int n = Page.limit(limit);
        List<WebhookView> rows = hooks.page(caller.tenant(), Page.decodeLong(cursor, 0), n + 1);
        return Page.of(rows, n, hook -> Long.toString(hook.id()));
    }

    @Transactional(readOnly = true)
    public WebhookView get(ApiCaller caller, long id) {
        return visible(caller, id, false);
    }

    /** Replaces the hook's settings; its pending deliveries stay, later events are matched by the new filters. */
    @Transactional
    public WebhookView replace(ApiCaller caller, long id, WebhookRequest request) {
        visible(caller, id, true);
        WebhookRequest hook = check(caller, request);
        try {
            if (!hooks.update(id, hook, clock.instant())) {
                throw taken(hook.name());
            }
        } catch (DuplicateKeyException e) {
            throw taken(hook.name());
        }
        log.info("Webhook {} replaced by {}: {} for {}", hook.name(), caller.tokenName(), hook.url(), filters(hook));
        return hooks.find(id, false).orElseThrow();
    }

    /** Deletes the hook with its delivery log; its pending deliveries are never sent. */
    @Transactional
    public void delete(ApiCaller caller, long id) {
        WebhookView hook = visible(caller, id, true);
        hooks.delete(id);
        log.info("Webhook {} deleted by {}", hook.name(), caller.tokenName());
    }

    @Transactional(readOnly = true)
    public Page<DeliveryView> deliveries(ApiCaller caller, long id, String state, String cursor, Integer limit) {
        visible(caller, id, false);
        if (state != null && !STATES.contains(state)) {
            throw FlotillaException.badInput("parameter 'state' must be one of DELIVERED, FAILED, PENDING (was '"
                    + state + "')").with("field", "state");
        }
        int n = Page.limit(limit);
        List<DeliveryView> rows = deliveries.log(id, state, Page.decodeLong(cursor, Long.MAX_VALUE), n + 1);
        return Page.of(rows, n, d -> Long.toString(d.id()));
    }

    private WebhookView visible(ApiCaller caller, long id, boolean lock) {
        return hooks.find(id, lock)
                .filter(hook -> caller.tenant() == null || caller.tenant().equals(hook.ownerTenant()))
                .orElseThrow(() -> FlotillaException.notFound("webhook", String.valueOf(id)));
    }

    /** The request with its lists checked and de-duplicated; a 400 naming the first bad field. */
    private WebhookRequest check(ApiCaller caller, WebhookRequest r) {
        checkUrl(r.url());
        if (r.secret() != null && (r.secret().length() < 16 || r.secret().length() > 256
                || r.secret().chars().anyMatch(c -> c < 0x20 || c > 0x7e))) {
            // the secret is never echoed, not even when refused
            throw FlotillaException.badInput("field 'secret' must be 16 to 256 printable ASCII characters")
                    .with("field", "secret");
        }
        if (!FORMATS.contains(r.format())) {
            throw FlotillaException.badInput("field 'format' must be 'flotilla' or 'slack' (was '" + r.format() + "')")
                    .with("field", "format");
        }
        List<String> events = known("events", r.events(), WebhookEventTypes.ALL::contains,
                "an unknown event type", WebhookEventTypes.ALL);
        List<String> kindList = known("kinds", r.kinds(), kinds::contains, "an unknown campaign kind",
                List.copyOf(kinds));
        List<String> subjects = known("subjects", r.subjects(), s -> !s.isBlank() && s.length() <= 200
                && s.chars().noneMatch(Character::isISOControl), "a subject that is blank, longer than 200 "
                + "characters or holds a control character", null);
        List<String> tenants = known("tenants", r.tenants(), t -> t.matches(ClusterSyntax.DNS_LABEL),
                "a tenant that is not a DNS-1123 label", null);
        if (caller.tenant() != null) {
            if (tenants.stream().anyMatch(t -> !t.equals(caller.tenant()))) {
                throw FlotillaException.forbidden("the token is limited to tenant '" + caller.tenant()
                        + "' and cannot subscribe to other tenants' events").with("field", "tenants");
            }
            tenants = List.of(caller.tenant());
        }
        return new WebhookRequest(r.name(), r.url(), r.secret(), r.format(), events, kindList, subjects, tenants,
                r.enabled());
    }

    private static List<String> known(String field, List<String> values, Predicate<String> valid, String what,
            List<String> choices) {
        Set<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || !valid.test(value)) {
                throw FlotillaException.badInput("field '" + field + "' holds " + what + ": '" + value + "'"
                        + (choices == null ? "" : " (known: " + String.join(", ", choices) + ")"))
                        .with("field", field);
            }
            unique.add(value);
        }
        return new ArrayList<>(unique);
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw badUrl(url, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badUrl(url, "must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw badUrl(url, "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            // not echoed: it holds a credential
            throw FlotillaException.badInput("field 'url' must not carry credentials (the signature authenticates "
                    + "the sender)").with("field", "url");
        }
        if (uri.getRawFragment() != null) {
            throw badUrl(url, "must not have a fragment");
        }
        if (url.length() > 2048) {
            throw badUrl(url, "is longer than 2048 characters");
        }
        try {
            HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw badUrl(url, "cannot be sent to: " + e.getMessage());
        }
    }

    private static FlotillaException badUrl(String url, String why) {
        String shown = url.length() > 100 ? url.substring(0, 100) + "..." : url;
        return FlotillaException.badInput("field 'url' " + why + " (was '" + shown + "')").with("field", "url");
    }

    private static FlotillaException taken(String name) {
        return FlotillaException.conflict("a webhook named '" + name + "' already exists").with("webhook", name);
    }

    private static String filters(WebhookRequest hook) {
        return "events " + orAll(hook.events()) + ", kinds " + orAll(hook.kinds()) + ", subjects "
                + orAll(hook.subjects()) + ", tenants " + orAll(hook.tenants());
    }

    private static String orAll(List<String> values) {
        return values.isEmpty() ? "all" : values.toString();
    }
}
