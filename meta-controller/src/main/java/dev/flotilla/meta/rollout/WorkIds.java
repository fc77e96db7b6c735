package dev.flotilla.meta.rollout;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Work ids of rollout items: {@code rollout-<rolloutId>-<application>}, so a report leads to its target. */
final class WorkIds {

    static final String PREFIX = "rollout-";
    private static final Pattern FORM = Pattern.compile("rollout-(\\d{1,18})-([a-z0-9]([-a-z0-9]*[a-z0-9])?)");

    private WorkIds() {
    }

    static String of(long rolloutId, String application) {
        return PREFIX + rolloutId + "-" + application;
    }

    /** The rollout of a work id, or empty when the id is not of that form. */
    static OptionalLong rollout(String workId) {
        Matcher m = FORM.matcher(workId);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
