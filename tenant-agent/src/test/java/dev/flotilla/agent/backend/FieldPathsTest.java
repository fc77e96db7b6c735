package dev.flotilla.agent.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

    private final Map<String, Object> object = new LinkedHashMap<>(Map.of(
            "metadata", Map.of("name", "web", "labels", Map.of("app", "web")),
            "spec", Map.of("replicas", 4, "containers", List.of(Map.of("name", "c")))));

    @Test
    void readsFieldsByDottedPath() {
        assertThat(FieldPaths.get(object, "metadata.name")).isEqualTo("web");
        assertThat(FieldPaths.map(object, "metadata.labels")).containsEntry("app", "web");
        assertThat(FieldPaths.integer(object, "spec.replicas", 1)).isEqualTo(4);
        assertThat(FieldPaths.get(object, "spec")).isInstanceOf(Map.class);
        assertThat(FieldPaths.get(object, "spec.missing")).isNull();
        assertThat(FieldPaths.get(object, "spec.replicas.deeper")).as("through a number").isNull();
        assertThat(FieldPaths.get(object, "spec.containers.name")).as("through a list").isNull();
        assertThat(FieldPaths.map(object, "spec.missing")).isEmpty();
    }

    @Test
    void writesCreateTheMapsOnTheWay() {
        Map<String, Object> written = new LinkedHashMap<>();
        FieldPaths.set(written, "spec.updateStrategy.partition", 3);
        assertThat(written).isEqualTo(Map.of("spec", Map.of("updateStrategy", Map.of("partition", 3))));
        FieldPaths.remove(written, "spec.updateStrategy.partition");
        assertThat(FieldPaths.map(written, "spec.updateStrategy")).isEmpty();
    }

    @Test
    void pathsPastTheCacheAreStillSplitAtEachUse() {
        assertThat(FieldPaths.segments("metadata.name")).as("the same keys for the same path")
                .isSameAs(FieldPaths.segments("metadata.name"));
        for (int i = 0; i < FieldPaths.CACHED_PATHS + 10; i++) {
            assertThat(FieldPaths.segments("generated" + i + ".field")).containsExactly("generated" + i, "field");
        }
        Map<String, Object> written = new LinkedHashMap<>();
        FieldPaths.set(written, "late" + FieldPaths.CACHED_PATHS + ".x", 1);
        assertThat(FieldPaths.get(written, "late" + FieldPaths.CACHED_PATHS + ".x")).isEqualTo(1);
    }
}
