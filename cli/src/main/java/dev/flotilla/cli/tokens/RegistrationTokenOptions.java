package dev.flotilla.cli.tokens;

import dev.flotilla.cli.http.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** The settings of a registration token to issue, shared by {@code registration-tokens create} and {@code join}. */
public final class RegistrationTokenOptions {

    /** Set by the command: an argument there, derived from the cluster name in {@code join}. */
    public String name;

    @Option(names = "--tenant", description = "The tenant of the clusters the token adds")
    public String tenant;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long it adds clusters: 30m, 24h, 7d "
            + "(default 24h)")
    String ttl;

    @Option(names = "--max-uses", paramLabel = "N", description = "How many clusters it may add (default 1)")
    Integer maxUses;

    @Option(names = "--region", description = "The region of the clusters it adds (default: their nodes' region)")
    String region;

    @Option(names = "--zone", description = "The zone of the clusters it adds (default: their nodes' first zone)")
    String zone;

    @Option(names = {"--label"}, paramLabel = "KEY=VALUE", description = "A label of the clusters it adds "
            + "(repeatable)")
    public Map<String, String> labels = new LinkedHashMap<>();

    public JsonNode issue(Api api) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("tenant", tenant);
        body.put("ttl", ttl);
        body.put("maxUses", maxUses);
        body.put("labels", labels);
        body.put("region", region);
        body.put("zone", zone);
        return api.post("/api/v1/registration-tokens", body);
    }
}
