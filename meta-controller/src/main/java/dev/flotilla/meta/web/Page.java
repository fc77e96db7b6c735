package dev.flotilla.meta.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a cursor-paged list: pass {@code nextCursor} back as {@code cursor} for the next page; null at the end.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Longer than the cursor of any key a page is keyed by (a name of 63 characters, a long). */
    static final int MAX_CURSOR_CHARS = 512;

    /** A page from up to {@code limit + 1} rows: the extra row only says that there is more. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), encode(key.apply(items.get(limit - 1))));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key inside a cursor; null for none. A cursor that is not ours is a bad-input problem: not base64url, too
     * long for any key, not UTF-8, or holding a control character (no name or number we page by has one).
     */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (cursor.length() > MAX_CURSOR_CHARS) {
            throw badCursor(cursor);
        }
        try {
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
            if (key.isEmpty() || key.chars().anyMatch(Character::isISOControl)) {
                throw badCursor(cursor);
            }
            return key;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw badCursor(cursor);
        }
    }

    /** The numeric key inside a cursor (an id, a revision), or {@code none} without a cursor. */
    public static long decodeLong(String cursor, long none) {
        String key = decode(cursor);
        if (key == null) {
            return none;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw badCursor(cursor);
        }
    }

    /** A cursor this service did not hand out: a bad-input problem naming it. */
    public static FlotillaException badCursor(String cursor) {
        String shown = cursor.length() > 64 ? cursor.substring(0, 64) + "..." : cursor;
        return FlotillaException.badInput("parameter 'cursor' is malformed: '" + shown
                + "' is not a cursor from a previous page").with("field", "cursor").with("cursor", shown);
    }

    /** The limit to use: the default when absent, else 1 to {@link #MAX_LIMIT}. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw FlotillaException.badInput(
                    "parameter 'limit' must be from 1 to " + MAX_LIMIT + " (was " + limit + ")").with("field", "limit");
        }
        return limit;
    }
}
