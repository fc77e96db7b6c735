package dev.flotilla.meta.versions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes minor version such as {@code 1.30}; the unit of the version-skew policy. */
public record MinorVersion(int major, int minor) implements Comparable<MinorVersion> {

    // accepts what discovery and kubelets report: "v1.30.4", "1.30", "v1.29.3+k3s1", "v1.31.0-eks-a"
    private static final Pattern VERSION = Pattern.compile("^v?(\\d{1,3})\\.(\\d{1,3})(?:[.+-].*)?$");

    public MinorVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("version parts must not be negative");
        }
    }

    /** The minor version of a version string, or empty when it is not one. */
    public static Optional<MinorVersion> parse(String version) {
        if (version == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(version.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MinorVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    /** Reads a version that must be valid, e.g. from a stored plan. */
    @JsonCreator
    public static MinorVersion of(String version) {
        return parse(version).orElseThrow(() -> new IllegalArgumentException("not a Kubernetes version: " + version));
    }

    public MinorVersion next() {
        return new MinorVersion(major, minor + 1);
    }

    public MinorVersion previous() {
        return new MinorVersion(major, minor - 1);
    }

    /** How many minors this version is ahead of {@code other} (negative when behind; majors never mix in 1.x). */
    public int minorsAhead(MinorVersion other) {
        return major == other.major ? minor - other.minor : (major - other.major) * 1000;
    }

    @Override
    public int compareTo(MinorVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @JsonValue
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
