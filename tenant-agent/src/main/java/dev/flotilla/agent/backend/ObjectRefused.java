package dev.flotilla.agent.backend;

/**
 * The API server refused to let the agent read an object of a bundle (403: RBAC grants no {@code get} on its kind).
 * Reading again will not help: the work item fails with the server's message.
 */
public final class ObjectRefused extends RuntimeException {

    private final transient ObjectRef ref;

    public ObjectRefused(ObjectRef ref, String message) {
        super(message);
        this.ref = ref;
    }

    public ObjectRef ref() {
        return ref;
    }
}
