package dev.flotilla.meta.web;

import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Says what is wrong with a request body that could not be read, naming the field where Jackson knows it. */
final class UnreadableBodies {

    private UnreadableBodies() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = jacksonCause(e);
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (cause instanceof DatabindException databind) {
            String path = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String message = databind.getOriginalMessage() == null ? cause.getClass().getSimpleName()
                    : databind.getOriginalMessage();
            return path.isEmpty() ? "malformed request body: " + message : "field '" + path + "' is invalid: " + message;
        }
        if (cause instanceof JacksonException json) {
            String field = currentField(json);
            String message = firstLine(json.getOriginalMessage());
            return field == null ? "malformed request body: " + message
                    : "malformed request body at field '" + field + "': " + message;
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "a request body is required";
        }
        return "malformed request body: " + firstLine(cause.getMessage());
    }

    /** The outermost Jackson failure (it knows the field's path; a cause inside it, say a constructor's, may not). */
    private static Throwable jacksonCause(HttpMessageNotReadableException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JacksonException) {
                return t;
            }
        }
        return e.getMostSpecificCause();
    }

    /** The field the parser stood in when the JSON broke (say {@code "nodes": NaN}, or an array's), if it knows. */
    private static String currentField(JacksonException e) {
        if (!(e.processor() instanceof JsonParser parser)) {
            return null;
        }
        try {
            for (TokenStreamContext at = parser.streamReadContext(); at != null; at = at.getParent()) {
                if (at.currentName() != null) {
                    return at.currentName();
                }
            }
        } catch (RuntimeException closed) {
            return null;
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
