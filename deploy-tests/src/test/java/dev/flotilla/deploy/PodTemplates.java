package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.kruise.CloneSet;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod templates of rendered objects, and the "restricted" Pod Security Standard asserted on each one
 * (kubernetes/pod-security-admission policy/check_*.go: runAsNonRoot, allowPrivilegeEscalation=false,
 * capabilities drop ALL with nothing added, seccomp RuntimeDefault or Localhost), plus the chart's own rule of a
 * read-only root file system.
 */
final class PodTemplates {

    private PodTemplates() {
    }

    static List<PodTemplateSpec> of(List<HasMetadata> objects) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment d) {
                templates.add(d.getSpec().getTemplate());
            } else if (object instanceof StatefulSet s) {
                templates.add(s.getSpec().getTemplate());
            } else if (object instanceof DaemonSet d) {
                templates.add(d.getSpec().getTemplate());
            } else if (object instanceof Job j) {
                templates.add(j.getSpec().getTemplate());
            } else if (object instanceof CloneSet c) {
                templates.add(c.getSpec().template());
            }
        }
        return templates;
    }

    static void assertRestricted(PodTemplateSpec template) {
        PodSpec spec = template.getSpec();
        PodSecurityContext pod = spec.getSecurityContext();
        assertThat(pod).as("pod securityContext").isNotNull();
        assertThat(pod.getSeccompProfile()).as("pod seccompProfile").isNotNull();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(spec.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getHostIPC()).isNotEqualTo(Boolean.TRUE);
        assertThat(spec.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).as(v.getName()).isNull());
        List<Container> containers = new ArrayList<>(spec.getContainers());
        containers.addAll(spec.getInitContainers());
        assertThat(containers).isNotEmpty();
        for (Container container : containers) {
            SecurityContext own = container.getSecurityContext();
            assertThat(own).as(container.getName() + " securityContext").isNotNull();
            boolean nonRoot = Boolean.TRUE.equals(own.getRunAsNonRoot())
                    || (own.getRunAsNonRoot() == null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
            assertThat(nonRoot).as(container.getName() + " runAsNonRoot").isTrue();
            assertThat(own.getRunAsUser() == null || own.getRunAsUser() != 0).as(container.getName() + " runAsUser")
                    .isTrue();
            assertThat(pod.getRunAsUser() == null || pod.getRunAsUser() != 0).as("pod runAsUser").isTrue();
            assertThat(own.getAllowPrivilegeEscalation()).as(container.getName() + " allowPrivilegeEscalation")
                    .isFalse();
            assertThat(own.getPrivileged()).as(container.getName() + " privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(own.getReadOnlyRootFilesystem()).as(container.getName() + " readOnlyRootFilesystem")
                    .isTrue();
            assertThat(own.getCapabilities().getDrop()).as(container.getName() + " capabilities.drop")
                    .containsExactly("ALL");
            assertThat(own.getCapabilities().getAdd()).as(container.getName() + " capabilities.add").isEmpty();
            assertThat(own.getSeccompProfile() == null || "RuntimeDefault".equals(own.getSeccompProfile().getType()))
                    .as(container.getName() + " seccompProfile").isTrue();
            assertThat(container.getResources().getRequests()).as(container.getName() + " requests")
                    .containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(container.getName() + " limits")
                    .containsKey("memory");
            assertThat(container.getLivenessProbe()).as(container.getName() + " livenessProbe").isNotNull();
            assertThat(container.getReadinessProbe()).as(container.getName() + " readinessProbe").isNotNull();
        }
    }
}
