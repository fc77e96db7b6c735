package dev.flotilla.api.agent;

/**
 * The label an etcd member pod of a hosted control plane carries with its current raft role. The meta-controller's
 * etcd manifest orders updates by it (followers first, the leader last); the agent of the hosting cluster keeps it
 * true by asking each member whether it leads.
 */
public final class EtcdRoles {

    /** The pod label key. */
    public static final String LABEL = "etcd.flotilla.dev/role";
    /** The value on the member that leads the raft group. */
    public static final String LEADER = "leader";
    /** The value on every other member that answered. */
    public static final String FOLLOWER = "follower";

    private EtcdRoles() {
    }
}
