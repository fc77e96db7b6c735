package dev.flotilla.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing on top of fabric8's model classes. fabric8 is lenient by design: a field its class does not
 * declare lands in {@code additionalProperties} and a kind it has no class for becomes a
 * {@link GenericKubernetesResource}. Here either one fails, so {@code readOnlyRootFilesytem: true} (misspelt) or
 * {@code apiVersion: policy/v1beta1} breaks the build instead of being ignored by the API server's lenient decoding.
 */
final class StrictModels {

    private StrictModels() {
    }

    static void assertKnown(Object object, String document) {
        if (object instanceof GenericKubernetesResource generic) {
            throw new AssertionError("no fabric8 model class for " + generic.getApiVersion() + " "
                    + generic.getKind() + ":\n" + document);
        }
        List<String> unknown = new ArrayList<>();
        walk(object, object.getClass().getSimpleName(), unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields the Kubernetes API does not define: " + unknown + "\n" + document);
        }
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", unknown));
            return;
        }
        if (value.getClass().isRecord() && value.getClass().getName().startsWith("dev.flotilla.")) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                walk(invoke(component.getAccessor(), value), path + "." + component.getName(), unknown);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isProperty(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                walk(child, path + "." + propertyName(getter), unknown);
            }
        }
    }

    private static boolean isProperty(Method method) {
        return method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                && method.getName().startsWith("get") && !method.getName().equals("getClass")
                && (method.getDeclaringClass().getName().startsWith("io.fabric8.")
                        || method.getDeclaringClass().getName().startsWith("dev.flotilla."));
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }
}
