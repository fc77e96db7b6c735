package dev.flotilla.cli;

/** The exit codes of {@code flotilla}, the same for every command (docs/cli.md lists them). */
public final class ExitCode {

    public static final int OK = 0;
    /** The API refused the request (400, 404, 409...): the problem's detail is printed. */
    public static final int REFUSED = 1;
    /** The command line itself is wrong: an unknown option, a missing argument, an unreadable file. */
    public static final int USAGE = 2;
    /** No token, or the token is unknown (401) or not allowed this (403). */
    public static final int UNAUTHORIZED = 3;
    /** The meta-controller cannot be reached or failed (5xx). */
    public static final int UNAVAILABLE = 4;
    /** A watched rollout or upgrade ended other than SUCCEEDED; a command run by {@code join --apply} failed. */
    public static final int NOT_SUCCEEDED = 5;

    private ExitCode() {
    }
}
