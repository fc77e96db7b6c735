package dev.flotilla.api.kruise;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/** Converts a manifest map to its typed model, turning any conversion failure into one problem at its field path. */
final class ManifestReader {

    // Thread-safe once built, and costly to build: one per JVM.
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Pattern QUALIFIED_NAME = Pattern.compile("`(?:[\\w$]+\\.)+([\\w$]+)`");

    private ManifestReader() {
    }

    static <T> T read(Map<String, Object> manifest, Class<T> type, String kindName, Problems problems) {
        try {
            return SERIALIZATION.convertValue(manifest, type);
        } catch (RuntimeException e) {
            JacksonException jackson = jacksonCause(e);
            String path = jackson == null ? "" : path(jackson.getPath());
            problems.add(path.isEmpty() ? "manifest" : path,
                    "cannot be read as a " + kindName + ": " + reason(jackson == null ? e : jackson));
            return null;
        }
    }

    private static JacksonException jacksonCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(Throwable error) {
        if (String.valueOf(error.getMessage()).contains("IntOrString")) {
            return "malformed int-or-percent: expected an integer or a percentage like \"20%\"";
        }
        String message = error instanceof JacksonException jackson ? jackson.getOriginalMessage() : error.getMessage();
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String firstLine = newline < 0 ? message : message.substring(0, newline);
        // Authors know fields, not Java packages: `io.fabric8...ObjectMeta` reads better as `ObjectMeta`.
        return QUALIFIED_NAME.matcher(firstLine).replaceAll("`$1`");
    }
}
