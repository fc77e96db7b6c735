package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent chart grants what docs/install.md says it needs ("What the agent may do"), row for row: a rule added
 * to the chart without its row, or a row the chart does not grant, fails the build.
 */
class AgentRbacDocumentedTest {

    /** One row of the table: where, resources, verbs. */
    record Row(String where, String resources, Set<String> verbs) {
    }

    @Test
    void grantsClusterWideExactlyTheRulesTheInstallGuideLists() throws IOException {
        List<Row> documented = rows().stream().filter(r -> r.where().equals("cluster")).toList();
        List<PolicyRule> granted = Charts.render(Charts.AGENT, List.of()).one(ClusterRole.class).getRules();

        assertThat(granted).hasSameSizeAs(documented);
        for (PolicyRule rule : granted) {
            Set<String> verbs = Set.copyOf(rule.getVerbs());
            List<String> named = Stream.of(rule.getResources(), rule.getNonResourceURLs(), rule.getResourceNames())
                    .flatMap(List::stream).toList();
            assertThat(documented).as("a row of docs/install.md for " + named + " " + verbs)
                    .anyMatch(row -> row.verbs().equals(verbs) && named.stream().allMatch(row.resources()::contains));
        }
    }

    @Test
    void grantsPodsOnlyWhereTheInstallGuideSays() throws IOException {
        List<Row> podRows = rows().stream().filter(r -> r.resources().startsWith("pods")).toList();
        List<Role> podRoles = Charts.render(Charts.AGENT, List.of(Charts.values("agent-full"))).all(Role.class)
                .stream().filter(role -> role.getRules().stream().anyMatch(r -> r.getResources().contains("pods")))
                .toList();

        List<PolicyRule> clusterPodRules = Charts.render(Charts.AGENT, List.of(Charts.values("agent-full")))
                .all(ClusterRole.class).stream().flatMap(role -> role.getRules().stream())
                .filter(rule -> rule.getResources().contains("pods")).toList();

        assertThat(podRows).hasSize(2);
        assertThat(podRows).filteredOn(row -> row.where().contains("controlPlaneNamespaces")).singleElement()
                .satisfies(row -> assertThat(podRoles).flatExtracting(Role::getRules).allSatisfy(rule ->
                        assertThat(Set.copyOf(rule.getVerbs())).isEqualTo(row.verbs())));
        assertThat(podRows).filteredOn(row -> row.where().equals("cluster")).singleElement()
                .satisfies(row -> assertThat(clusterPodRules).singleElement().satisfies(rule ->
                        assertThat(Set.copyOf(rule.getVerbs())).isEqualTo(row.verbs())));
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(Charts.deployDirectory().resolveSibling("docs").resolve("install.md"));
        int start = lines.indexOf("**What the agent may do** (`templates/rbac.yaml`):");
        assertThat(start).as("the RBAC table in docs/install.md").isNotNegative();
        return lines.stream().skip(start + 4).takeWhile(line -> line.startsWith("|")).map(line -> {
            String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new);
            Set<String> verbs = Arrays.stream(cells[2].split("[,;]| of ")).map(String::strip)
                    .filter(v -> v.matches("[a-z]+")).collect(Collectors.toSet());
            return new Row(cells[0], cells[1], verbs);
        }).toList();
    }
}
