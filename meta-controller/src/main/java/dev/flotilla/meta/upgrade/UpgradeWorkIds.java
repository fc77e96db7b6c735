package dev.flotilla.meta.upgrade;

import dev.flotilla.meta.versions.ControlPlaneComponent;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Work ids of upgrade steps: {@code upgrade-<upgradeId>-<component>}, so a host's report leads to its upgrade. */
final class UpgradeWorkIds {

    static final String PREFIX = "upgrade-";
    private static final Pattern FORM = Pattern.compile("upgrade-(\\d{1,18})-([a-z][-a-z]*)");

    private UpgradeWorkIds() {
    }

    static String of(long upgradeId, ControlPlaneComponent component) {
        return PREFIX + upgradeId + "-" + component.workloadName();
    }

    /** The upgrade of a work id, or empty when the id is not of that form. */
    static OptionalLong upgrade(String workId) {
        Matcher m = FORM.matcher(workId);
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
