package dev.flotilla.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import dev.flotilla.api.kruise.CloneSet;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * The charts in {@code deploy/helm}, linted and rendered by Helm's own engine (helm-java carries Helm's Go library),
 * every rendered document parsed into fabric8's model classes by {@link StrictModels}.
 */
final class Charts {

    static final String META_CONTROLLER = "flotilla-meta-controller";
    static final String AGENT = "flotilla-agent";
    static final String NAMESPACE = "flotilla-system";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /**
     * Jackson without fabric8 8's polymorphic reader for the 7.7.0 monitoring classes: they inherit it from
     * {@code KubernetesResource} (their own opt-out is a Jackson 2 annotation, which Jackson 3 does not read), and it
     * would turn them into raw extensions.
     */
    private static final JsonMapper PLAIN = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Object findDeserializer(MapperConfig<?> config, Annotated annotated) {
                    return annotated.getRawType().getName().startsWith("io.fabric8.openshift.api.model.monitoring.")
                            ? null : super.findDeserializer(config, annotated);
                }
            }).build();

    private Charts() {
    }

    static Path deployDirectory() {
        String configured = System.getProperty("flotilla.deploy.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "deploy");
        return dir.toAbsolutePath().normalize();
    }

    static Path chart(String name) {
        return deployDirectory().resolve("helm").resolve(name);
    }

    static LintResult lint(String chart) {
        return new Helm(chart(chart)).lint().strict().call();
    }

    /** {@code helm template} of the chart with these values files (none: the chart's defaults). */
    static String template(String chart, String release, List<Path> valuesFiles) {
        return template(chart, release, NAMESPACE, valuesFiles);
    }

    static String template(String chart, String release, String namespace, List<Path> valuesFiles) {
        TemplateCommand command = new Helm(chart(chart)).template().withName(release).withNamespace(namespace);
        valuesFiles.forEach(command::withValuesFile);
        return command.call();
    }

    /** Renders and parses strictly: an unknown kind or a misspelt field fails. */
    static Rendered render(String chart, List<Path> valuesFiles) {
        String yaml = template(chart, chart, valuesFiles);
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            HasMetadata object = parse(document);
            StrictModels.assertKnown(object, document);
            objects.add(object);
        }
        return new Rendered(yaml, List.copyOf(objects));
    }

    /**
     * One rendered document as its fabric8 model object. ServiceMonitor's class (openshift-model-monitoring, not
     * published for fabric8 8; 7.7.0 is the newest) declares its spec in a way fabric8 8's polymorphic reader turns
     * into a raw extension, so its metadata and spec are read into their model classes one by one, the spec by
     * plain Jackson.
     */
    private static HasMetadata parse(String document) {
        GenericKubernetesResource generic = SERIALIZATION.unmarshal(document, GenericKubernetesResource.class);
        if ("apps.kruise.io/v1alpha1".equals(generic.getApiVersion()) && "CloneSet".equals(generic.getKind())) {
            return cloneSet(document);
        }
        if (!"monitoring.coreos.com/v1".equals(generic.getApiVersion()) || !"ServiceMonitor".equals(generic.getKind())) {
            return SERIALIZATION.unmarshal(document, HasMetadata.class);
        }
        ServiceMonitor monitor = new ServiceMonitor();
        monitor.setMetadata(generic.getMetadata());
        monitor.setSpec(PLAIN.convertValue(generic.getAdditionalProperties().get("spec"), ServiceMonitorSpec.class));
        if (generic.getAdditionalProperties().size() != 1) {
            throw new AssertionError("a ServiceMonitor holds metadata and spec only:\n" + document);
        }
        return monitor;
    }

    /**
     * A CloneSet, read with the api module's model (the one the meta-controller validates revisions with). Its
     * classes ignore fields they do not declare, so the document is also compared with what the model writes back:
     * a field the model dropped is one Kruise does not define either.
     */
    private static HasMetadata cloneSet(String document) {
        CloneSet cloneSet = SERIALIZATION.unmarshal(document, CloneSet.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> written = SERIALIZATION.convertValue(cloneSet, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> read = SERIALIZATION.unmarshal(document, Map.class);
        List<String> dropped = new ArrayList<>();
        dropped(read, written, "CloneSet", dropped);
        if (!dropped.isEmpty()) {
            throw new AssertionError("fields Kruise's CloneSet does not define: " + dropped + "\n" + document);
        }
        return cloneSet;
    }

    private static void dropped(Map<?, ?> read, Map<?, ?> written, String path, List<String> dropped) {
        read.forEach((key, value) -> {
            Object back = written == null ? null : written.get(key);
            if (back == null && value != null) {
                dropped.add(path + "." + key);
            } else if (value instanceof Map<?, ?> inner && back instanceof Map<?, ?> innerBack) {
                dropped(inner, innerBack, path + "." + key, dropped);
            }
        });
    }

    /** A values file of the test resources ({@code values/<name>.yaml}). */
    static Path values(String name) {
        try {
            return Path.of(Charts.class.getResource("/values/" + name + ".yaml").toURI());
        } catch (Exception e) {
            throw new IllegalArgumentException("no values file " + name, e);
        }
    }

    /** A values file written for one test. */
    static Path valuesFile(Path dir, String yaml) {
        try {
            Path file = Files.createTempFile(dir, "values", ".yaml");
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a chart rendered: the text and the parsed objects. */
    record Rendered(String yaml, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
            }
            return found.get(0);
        }

        <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
        }

        Map<String, Long> kinds() {
            return objects.stream().collect(java.util.stream.Collectors.groupingBy(HasMetadata::getKind,
                    java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        }
    }
}
