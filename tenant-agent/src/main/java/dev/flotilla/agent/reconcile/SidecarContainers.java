package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.FieldPaths;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a SidecarSet's containers as Kruise's "hash without image" does ({@code SidecarSetHashWithoutImage} in
 * {@code pkg/control/sidecarcontrol/hash.go}): the containers (and the init containers, when one of them is a
 * native sidecar with {@code restartPolicy: Always}) with their images blanked. Running pods are updated in place
 * only while that hash is unchanged. The live object carries Kruise's defaults, so a field the manifest leaves out
 * counts as unchanged when Kruise would default it, except {@code imagePullPolicy}, whose default follows the
 * image's tag ({@code SetDefaults_Container}: Always for {@code :latest} or no tag, else IfNotPresent).
 */
final class SidecarContainers {

    private static final Set<String> DEFAULTED = Set.of("podInjectPolicy", "shareVolumePolicy", "upgradeStrategy",
            "terminationMessagePath", "terminationMessagePolicy", "resources");

    private SidecarContainers() {
    }

    /** The first change other than an image, as {@code "spec.containers[0].env"}, or null when there is none. */
    static String changedBesidesImage(Map<String, Object> manifest, Map<String, Object> live) {
        String changed = compare("spec.containers", manifest, live);
        if (changed == null && (nativeSidecar(manifest) || nativeSidecar(live))) {
            changed = compare("spec.initContainers", manifest, live);
        }
        return changed;
    }

    private static String compare(String path, Map<String, Object> manifest, Map<String, Object> live) {
        List<?> wanted = list(manifest, path);
        List<?> running = list(live, path);
        if (wanted.size() != running.size()) {
            return path + " (" + running.size() + " containers become " + wanted.size() + ")";
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (wanted.get(i) instanceof Map<?, ?> w && running.get(i) instanceof Map<?, ?> r) {
                String field = changedField(w, r);
                if (field != null) {
                    return path + "[" + i + "]." + field;
                }
            }
        }
        return null;
    }

    private static String changedField(Map<?, ?> wanted, Map<?, ?> running) {
        for (Map.Entry<?, ?> e : wanted.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!"image".equals(key) && !covers(e.getValue(), running.get(key))) {
                return key;
            }
        }
        for (Map.Entry<?, ?> e : running.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (wanted.containsKey(key) || "image".equals(key) || DEFAULTED.contains(key) || blank(e.getValue())) {
                continue;
            }
            if (!"imagePullPolicy".equals(key) || !e.getValue().equals(defaultPullPolicy(wanted.get("image")))) {
                return key;
            }
        }
        return null;
    }

    /** Whether the live value holds what the manifest asks for (the live one may carry defaults besides). */
    private static boolean covers(Object wanted, Object running) {
        if (wanted instanceof Map<?, ?> w && running instanceof Map<?, ?> r) {
            return w.entrySet().stream().allMatch(e -> covers(e.getValue(), r.get(e.getKey())));
        }
        if (wanted instanceof List<?> w && running instanceof List<?> r) {
            if (w.size() != r.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!covers(w.get(i), r.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof Number a && running instanceof Number b) {
            return a.longValue() == b.longValue();
        }
        return Objects.equals(wanted, running) || blank(wanted) && blank(running);
    }

    static String defaultPullPolicy(Object image) {
        String text = String.valueOf(image);
        if (text.contains("@")) {
            return "IfNotPresent";
        }
        int colon = text.lastIndexOf(':');
        String tag = colon > text.lastIndexOf('/') ? text.substring(colon + 1) : "latest";
        return "latest".equals(tag) ? "Always" : "IfNotPresent";
    }

    private static boolean nativeSidecar(Map<String, Object> object) {
        return list(object, "spec.initContainers").stream()
                .anyMatch(c -> c instanceof Map<?, ?> m && "Always".equals(m.get("restartPolicy")));
    }

    private static boolean blank(Object value) {
        return value == null || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof List<?> l && l.isEmpty();
    }

    private static List<?> list(Map<String, Object> object, String path) {
        return FieldPaths.get(object, path) instanceof List<?> l ? l : List.of();
    }
}
