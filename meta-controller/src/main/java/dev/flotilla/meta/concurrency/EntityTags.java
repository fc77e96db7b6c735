package dev.flotilla.meta.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entity tags as RFC 9110 section 8.8.3 spells them ({@code "opaque"} strong, {@code W/"opaque"} weak) and the
 * {@code If-Match} condition of section 13.1.1: {@code *} holds when the resource exists, a list holds when one of its
 * tags matches the current one by the strong comparison of section 8.8.3.2 (both strong, same opaque tag), so a weak
 * tag never matches.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The strong tag of a row: its id and version, so a deleted and recreated resource never matches. */
    public static String strong(long id, long version) {
        return "\"" + id + "." + version + "\"";
    }

    /** A parsed {@code If-Match}: any ({@code *}) or a list of tags. */
    public record Condition(boolean any, List<Tag> tags) {

        /** Whether the condition holds for the current strong tag (empty: the resource does not exist). */
        public boolean holds(Optional<String> current) {
            if (current.isEmpty()) {
                return false;
            }
            return any || tags.stream().anyMatch(t -> !t.weak() && t.quoted().equals(current.get()));
        }
    }

    /** One entity tag: weak or not, and its opaque tag with its quotes. */
    public record Tag(boolean weak, String quoted) {
    }

    /** Parses an {@code If-Match} field value; a malformed one throws {@link IllegalArgumentException} naming why. */
    public static Condition parse(String value) {
        String field = value.strip();
        if (field.equals("*")) {
            return new Condition(true, List.of());
        }
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while (i < field.length()) {
            char c = field.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            boolean weak = field.startsWith("W/", i);
            int open = weak ? i + 2 : i;
            if (open >= field.length() || field.charAt(open) != '"') {
                throw new IllegalArgumentException("'" + shorten(field) + "' is not a list of entity tags such as "
                        + "\"12.3\" (quotes included) or *");
            }
            int close = open + 1;
            while (close < field.length() && field.charAt(close) != '"') {
                char e = field.charAt(close);
                if (e < 0x21 || e == 0x7f) {
                    throw new IllegalArgumentException("an entity tag may not hold a space or control character");
                }
                close++;
            }
            if (close >= field.length()) {
                throw new IllegalArgumentException("an entity tag in '" + shorten(field) + "' lacks its closing quote");
            }
            tags.add(new Tag(weak, field.substring(open, close + 1)));
            i = close + 1;
            while (i < field.length() && (field.charAt(i) == ' ' || field.charAt(i) == '\t')) {
                i++;
            }
            if (i < field.length() && field.charAt(i) != ',') {
                throw new IllegalArgumentException("entity tags in '" + shorten(field) + "' must be separated by commas");
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("If-Match holds no entity tag");
        }
        return new Condition(false, List.copyOf(tags));
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
