package dev.flotilla.cli.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code helm upgrade --install} of the agent chart with the values {@code metaController.url},
 * {@code registration.token}, {@code registration.clusterName} and {@code cluster.labels.<key>}.
 */
record HelmInstall(String release, String chart, String namespace, AgentSettings agent) {

    /** The chart value of the meta-controller's URL. */
    static final String URL_VALUE = "metaController.url";

    /** The arguments after {@code helm}, each one value (no shell quoting). */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("upgrade", "--install", release, chart, "--namespace", namespace,
                "--create-namespace"));
        set(args, URL_VALUE, agent.hubUrl());
        set(args, "registration.token", agent.token());
        set(args, "registration.clusterName", agent.clusterName());
        for (Map.Entry<String, String> label : agent.labels().entrySet()) {
            set(args, "cluster.labels." + escapeKey(label.getKey()), label.getValue());
        }
        return args;
    }

    /** The command as a user pastes it into a POSIX shell, one {@code --set} a line. */
    String command() {
        StringBuilder text = new StringBuilder("helm");
        List<String> args = arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean newLine = arg.startsWith("--") && i > 3;
            text.append(newLine ? " \\\n  " : " ").append(quote(arg));
        }
        return text.append('\n').toString();
    }

    /**
     * Helm's {@code --set} parser (strvals) splits a key at dots and a list at commas; a backslash escapes both. A
     * label key such as {@code team.example.com/owner} keeps its dots that way.
     */
    private static void set(List<String> args, String key, String value) {
        args.add("--set");
        args.add(key + "=" + value.replace("\\", "\\\\").replace(",", "\\,"));
    }

    private static String escapeKey(String key) {
        return key.replace(".", "\\.");
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
