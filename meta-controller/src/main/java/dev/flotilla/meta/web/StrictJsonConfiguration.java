package dev.flotilla.meta.web;

import java.util.Set;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies take JSON types as they are: no number or boolean where a string belongs, no string, fraction or
 * boolean where a whole number belongs, no number or string where a boolean belongs (Jackson would otherwise turn
 * {@code "tenant": true} into the tenant {@code "true"} and {@code "nodes": 1.5} into 1), but for the fields
 * documented as a number or a string ({@link Strings}). A string may not hold a NUL character, which PostgreSQL
 * cannot store.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return builder -> builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .addModule(new SimpleModule("flotilla-strict-strings").addDeserializer(String.class, new Strings()));
    }

    /**
     * A string only from a JSON string, and never one holding NUL. The fields documented as a whole number or a
     * string take a whole number too: a cluster strategy's Kubernetes int-or-string fields (as upstream
     * {@code intstr.IntOrString.UnmarshalJSON} reads them) and a maintenance window's duration (minutes).
     */
    static final class Strings extends StdScalarDeserializer<String> {

        static final Set<String> INT_OR_STRING = Set.of("maxUnavailable", "maxSurge", "partition", "duration");

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) && INT_OR_STRING.contains(p.currentName())) {
                return p.getString();
            }
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String value = p.getString();
            if (value.indexOf('\u0000') >= 0) {
                return (String) ctxt.handleWeirdStringValue(String.class, value, "must not contain a NUL character");
            }
            return value;
        }
    }
}
