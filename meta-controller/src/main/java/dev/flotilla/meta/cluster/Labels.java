package dev.flotilla.meta.cluster;

import java.util.regex.Pattern;

/** Kubernetes label key and value syntax, and DNS-1123 names. */
public final class Labels {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private Labels() {
    }

    /** Why a label key is invalid, or null when it is valid. */
    public static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "label key must not be empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "label key '" + key + "' has an invalid prefix: it must be a DNS-1123 subdomain";
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return "label key '" + key + "' is invalid: the name must be at most 63 characters of "
                    + "alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    /** Why a label value is invalid, or null when it is valid (the empty value is valid). */
    public static String valueProblem(String key, String value) {
        if (value == null) {
            return "label '" + key + "' must have a value";
        }
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return "label value '" + value + "' of key '" + key + "' is invalid: at most 63 characters of "
                    + "alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    public static boolean isDnsLabel(String name) {
        return name != null && DNS_LABEL.matcher(name).matches();
    }
}
