package dev.flotilla.deploy;

import dev.flotilla.deploy.Charts.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/** The agent's Spring configuration file as the chart renders it into its ConfigMap. */
record AgentConfig(Map<String, Object> tree) {

    static AgentConfig of(Rendered rendered) {
        ConfigMap config = rendered.all(ConfigMap.class).stream()
                .filter(c -> c.getData().containsKey("application.yaml")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap with application.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new KubernetesSerialization().unmarshal(config.getData().get("application.yaml"),
                Map.class);
        return new AgentConfig(tree);
    }

    /** The value at a dotted path of YAML keys (the keys themselves hold no dots). */
    Object path(String dotted) {
        Object node = tree;
        for (String key : dotted.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("the agent configuration has no " + dotted + ": " + tree);
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String dotted) {
        return (Map<String, Object>) path(dotted);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String dotted) {
        return (List<Object>) path(dotted);
    }
}
