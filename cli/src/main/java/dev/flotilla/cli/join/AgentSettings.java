package dev.flotilla.cli.join;

import java.util.Map;

/**
 * What the agent of a joining cluster is started with.
 *
 * @param hubUrl the meta-controller's URL as the cluster reaches it
 * @param token the registration token ({@code flr_...})
 * @param clusterName the name the cluster registers under
 * @param labels the labels it asks for (the token's own win on a shared key)
 */
record AgentSettings(String hubUrl, String token, String clusterName, Map<String, String> labels) {
}
