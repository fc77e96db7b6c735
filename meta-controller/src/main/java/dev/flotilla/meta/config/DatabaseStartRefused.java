package dev.flotilla.meta.config;

/**
 * The service will not start on this database: the settings contradict each other, the embedded default would run
 * as a production replica, or another meta-controller already runs on the embedded data directory. The message
 * says what is wrong and what to set; {@link DatabaseStartRefusedAnalyzer} prints it without a stack trace.
 */
public class DatabaseStartRefused extends IllegalStateException {

    private final String description;
    private final String action;

    public DatabaseStartRefused(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }
}
