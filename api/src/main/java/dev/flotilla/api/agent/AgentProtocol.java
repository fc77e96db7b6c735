package dev.flotilla.api.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent protocol's version, {@code MAJOR.MINOR}, carried both ways in the {@link #HEADER} header: the agent sends
 * its own on every call, the meta-controller answers its own on every agent API answer. A meta-controller serves
 * every minor of its major (a request without the header is {@link #ORIGINAL}, the version before the header
 * existed) and refuses another major. Within a major, either side ignores fields it does not know: a new minor only
 * adds optional fields.
 */
public final class AgentProtocol {

    /** The request and answer header carrying the version. */
    public static final String HEADER = "Flotilla-Protocol";
    public static final int MAJOR = 1;
    public static final int MINOR = 2;
    /** This build's version, as sent in the header. */
    public static final String VERSION = MAJOR + "." + MINOR;
    /** What a request without the header speaks: the protocol as it was before the header. */
    public static final Version ORIGINAL = new Version(1, 0);
    /** The problem type (last path segment) of the 400 that refuses another major. */
    public static final String UNSUPPORTED_PROBLEM = "unsupported-protocol";

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,4})\\.(\\d{1,4})\\s*");

    private AgentProtocol() {
    }

    /** This build's version. */
    public static Version current() {
        return new Version(MAJOR, MINOR);
    }

    /** A header value: null or blank is {@link #ORIGINAL}; anything but {@code MAJOR.MINOR} is refused. */
    public static Version parse(String header) {
        if (header == null || header.isBlank()) {
            return ORIGINAL;
        }
        Matcher m = FORMAT.matcher(header);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + header + "' is not a protocol version MAJOR.MINOR");
        }
        return new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** A protocol version. */
    public record Version(int major, int minor) {

        /** Whether this build can talk to a peer speaking {@code this}: the same major. */
        public boolean compatible() {
            return major == MAJOR;
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }
}
