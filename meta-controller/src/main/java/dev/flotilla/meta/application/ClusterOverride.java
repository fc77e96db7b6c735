package dev.flotilla.meta.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.meta.cluster.ClusterSelection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * What a revision changes for some clusters: the patches, applied in order to the copy of the bundle each matching
 * cluster gets.
 *
 * @param clusters which clusters: those matching the label selector and/or named, minus the excluded; every
 *                 cluster when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterOverride(@Valid ClusterSelection clusters,
        @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid Patch> patches) {

    /**
     * One patch of the resources the target names: an RFC 7386 JSON merge patch or an RFC 6902 JSON patch (exactly
     * one of the two).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patch(@NotNull @Valid Target target, Map<String, Object> mergePatch,
            @Size(max = 1000) List<Map<String, Object>> jsonPatch) {
    }

    /**
     * The resources a patch changes: every one of that kind and name (and namespace, when given) as the earlier
     * patches left it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(@NotBlank @Size(max = 253) String kind, @NotBlank @Size(max = 253) String name,
            @Size(max = 253) String namespace) {
    }
}
