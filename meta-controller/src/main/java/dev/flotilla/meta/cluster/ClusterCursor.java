package dev.flotilla.meta.cluster;

import dev.flotilla.meta.web.FlotillaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque paging cursor: the base64url of the last name on a page. Pages are keyset pages on the name,
 * so a cursor stays valid while clusters are added or removed.
 */
final class ClusterCursor {

    private ClusterCursor() {
    }

    static String encode(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
    }

    /** The name a page starts after, or null for the first page; a cursor this service did not make is bad input. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (Labels.isDnsLabel(name)) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // not base64url: reported below like any other cursor this service did not issue
        }
        throw FlotillaException.badInput("parameter 'cursor' is malformed: '" + cursor
                + "' is not a cursor from a previous page").with("cursor", cursor);
    }
}
