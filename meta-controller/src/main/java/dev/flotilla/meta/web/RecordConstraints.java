package dev.flotilla.meta.web;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A yes-or-don't-know validity check of a record, built once from the application's {@link Validator}'s own
 * constraint metadata ({@link Validator#getConstraintsForClass}), so the annotations stay the one source of the
 * rules. It answers {@code true} only when the validator would find no violation; {@code false} means "ask the
 * validator", which then names the problem. A hot path (the agent API's status reports, one call per report) uses it
 * in front of the validator, whose generic walk (paths, cascades, value extraction) cost 12% of the agent API's CPU
 * at saturation (docs/benchmarks.md).
 *
 * <p>Only what it can decide exactly is compiled: records whose constraints, in the default group only, are
 * {@link NotNull}, {@link NotBlank}, {@link Size} on text or collections, {@link Min} and {@link Max} on integral
 * numbers, with {@code @Valid} cascades into records and into the elements of a {@link List} (and {@code @NotNull}
 * on those elements). A type with anything else (a class-level constraint, another constraint or group, a composed
 * constraint, a cascade into something that is not a record) gets no check: {@link #of} is empty and the caller
 * validates as before.
 */
public final class RecordConstraints<T> {

    private final Predicate<Object> check;

    private RecordConstraints(Predicate<Object> check) {
        this.check = check;
    }

    /** The compiled check of {@code type}, or empty when its constraints are not all ones this class decides. */
    public static <T> Optional<RecordConstraints<T>> of(Validator validator, Class<T> type) {
        Predicate<Object> check = new Compiler(validator).record(type);
        return Optional.ofNullable(check).map(RecordConstraints::new);
    }

    /** True only if the validator would find no violation on {@code value} (a null value is not checked: false). */
    public boolean valid(T value) {
        return value != null && check.test(value);
    }

    /** Builds the checks of a type and of the records it cascades into, each once (a type may refer to itself). */
    private static final class Compiler {

        private static final Set<Class<?>> INTEGRAL = Set.of(Long.class, Integer.class, Short.class, Byte.class,
                long.class, int.class, short.class, byte.class);

        private final Validator validator;
        private final Map<Class<?>, Predicate<Object>[]> building = new HashMap<>();

        Compiler(Validator validator) {
            this.validator = validator;
        }

        /** The check of a record type, null if unsupported. */
        Predicate<Object> record(Class<?> type) {
            if (building.containsKey(type)) {
                // a cycle: the check is filled in once its type is compiled
                Predicate<Object>[] slot = building.get(type);
                return value -> slot[0].test(value);
            }
            if (!type.isRecord()) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Predicate<Object>[] slot = new Predicate[1];
            building.put(type, slot);
            BeanDescriptor bean = validator.getConstraintsForClass(type);
            if (!bean.getConstraintDescriptors().isEmpty()) {
                return null;
            }
            Map<String, RecordComponent> components = new HashMap<>();
            for (RecordComponent component : type.getRecordComponents()) {
                components.put(component.getName(), component);
            }
            List<Predicate<Object>> properties = new ArrayList<>();
            for (PropertyDescriptor property : bean.getConstrainedProperties()) {
                RecordComponent component = components.get(property.getPropertyName());
                if (component == null) {
                    return null;
                }
                Predicate<Object> value = property(property, component.getType());
                if (value == null) {
                    return null;
                }
                MethodHandle accessor = accessor(component);
                if (accessor == null) {
                    return null;
                }
                properties.add(owner -> value.test(read(accessor, owner)));
            }
            Predicate<Object>[] all = properties.toArray(Predicate[]::new);
            slot[0] = owner -> {
                for (Predicate<Object> p : all) {
                    if (!p.test(owner)) {
                        return false;
                    }
                }
                return true;
            };
            return slot[0];
        }

        /** The check of one property's value: its own constraints, its cascade, its list elements. */
        private Predicate<Object> property(PropertyDescriptor property, Class<?> declared) {
            List<Predicate<Object>> checks = new ArrayList<>();
            for (ConstraintDescriptor<?> constraint : property.getConstraintDescriptors()) {
                Predicate<Object> check = constraint(constraint, declared);
                if (check == null) {
                    return null;
                }
                checks.add(check);
            }
            ContainerElementTypeDescriptor container = null;
            for (ContainerElementTypeDescriptor c : property.getConstrainedContainerElementTypes()) {
                if (c.getContainerClass() != List.class || c.getTypeArgumentIndex() != 0 || container != null) {
                    return null;
                }
                container = c;
            }
            if (container != null) {
                // @Valid on the list itself cascades into its elements, as the elements' own @Valid does: once
                Predicate<Object> each = elements(container, property.isCascaded());
                if (each == null) {
                    return null;
                }
                checks.add(value -> value == null || ((List<?>) value).stream().allMatch(each));
            } else if (property.isCascaded()) {
                // a record; anything else (a list whose elements the metadata does not describe) is not one
                Predicate<Object> nested = record(declared);
                if (nested == null) {
                    return null;
                }
                checks.add(value -> value == null || nested.test(value));
            }
            return all(checks);
        }

        /**
         * The check of one list element: its constraints and, with {@code @Valid} on the element or ({@code cascaded})
         * on the list, its record's.
         */
        private Predicate<Object> elements(ContainerElementTypeDescriptor container, boolean cascaded) {
            if (!container.getConstrainedContainerElementTypes().isEmpty()) {
                return null;
            }
            List<Predicate<Object>> checks = new ArrayList<>();
            for (ConstraintDescriptor<?> constraint : container.getConstraintDescriptors()) {
                Predicate<Object> check = constraint(constraint, container.getElementClass());
                if (check == null) {
                    return null;
                }
                checks.add(check);
            }
            if (container.isCascaded() || cascaded) {
                Predicate<Object> nested = record(container.getElementClass());
                if (nested == null) {
                    return null;
                }
                checks.add(value -> value == null || nested.test(value));
            }
            return all(checks);
        }

        /** One constraint on a value of the declared type, null when it is not one decided here. */
        private static Predicate<Object> constraint(ConstraintDescriptor<?> descriptor, Class<?> declared) {
            if (!descriptor.getGroups().equals(Set.of(Default.class))
                    || !descriptor.getComposingConstraints().isEmpty()) {
                return null;
            }
            Annotation annotation = descriptor.getAnnotation();
            if (annotation instanceof NotNull) {
                return value -> value != null;
            }
            if (annotation instanceof NotBlank && CharSequence.class.isAssignableFrom(declared)) {
                // as Hibernate Validator's NotBlankValidator: not null and not only whitespace
                return value -> value != null && !value.toString().trim().isEmpty();
            }
            if (annotation instanceof Size size && CharSequence.class.isAssignableFrom(declared)) {
                return value -> value == null
                        || within(((CharSequence) value).length(), size.min(), size.max());
            }
            if (annotation instanceof Size size && Collection.class.isAssignableFrom(declared)) {
                return value -> value == null || within(((Collection<?>) value).size(), size.min(), size.max());
            }
            if (annotation instanceof Min min && INTEGRAL.contains(declared)) {
                return value -> value == null || ((Number) value).longValue() >= min.value();
            }
            if (annotation instanceof Max max && INTEGRAL.contains(declared)) {
                return value -> value == null || ((Number) value).longValue() <= max.value();
            }
            return null;
        }

        private static boolean within(int n, int min, int max) {
            return n >= min && n <= max;
        }

        private static MethodHandle accessor(RecordComponent component) {
            try {
                return MethodHandles.publicLookup().unreflect(component.getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (IllegalAccessException e) {
                return null;
            }
        }

        private static Object read(MethodHandle accessor, Object owner) {
            try {
                return accessor.invokeExact(owner);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        private static Predicate<Object> all(List<Predicate<Object>> checks) {
            Predicate<Object>[] each = checks.toArray(Predicate[]::new);
            return value -> {
                for (Predicate<Object> check : each) {
                    if (!check.test(value)) {
                        return false;
                    }
                }
                return true;
            };
        }
    }
}
