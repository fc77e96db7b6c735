package dev.flotilla.cli.join;

import dev.flotilla.cli.CliContext;
import dev.flotilla.cli.CliException;
import dev.flotilla.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code join --apply}: runs {@code helm} or {@code kubectl apply -f -} (found on {@code PATH}, or the paths
 * given) against the user's kubeconfig, their output passed through. The install holds the registration token,
 * so it goes to kubectl on standard input and to helm as arguments, never through a file.
 */
final class KubeTools {

    @Option(names = "--apply", description = "Run the install (helm, or kubectl apply) instead of printing it")
    boolean apply;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig of the joining cluster "
            + "(default: helm's and kubectl's own: KUBECONFIG, ~/.kube/config)")
    String kubeconfig;

    @Option(names = "--kube-context", paramLabel = "NAME", description = "A context of that kubeconfig")
    String kubeContext;

    @Option(names = "--helm", defaultValue = "helm", paramLabel = "PATH", description = "(default: ${DEFAULT-VALUE})")
    String helm;

    @Option(names = "--kubectl", defaultValue = "kubectl", paramLabel = "PATH",
            description = "(default: ${DEFAULT-VALUE})")
    String kubectl;

    int helm(CliContext cli, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(helm);
        command.addAll(arguments);
        command.addAll(flags("--kube-context"));
        return run(cli, command, null);
    }

    int kubectlApply(CliContext cli, String manifests) {
        List<String> command = new ArrayList<>(List.of(kubectl, "apply", "-f", "-"));
        command.addAll(flags("--context"));
        return run(cli, command, manifests);
    }

    /** Both take {@code --kubeconfig}; helm names the context {@code --kube-context}, kubectl {@code --context}. */
    private List<String> flags(String contextFlag) {
        List<String> flags = new ArrayList<>();
        if (kubeconfig != null) {
            flags.add("--kubeconfig=" + kubeconfig);
        }
        if (kubeContext != null) {
            flags.add(contextFlag + "=" + kubeContext);
        }
        return flags;
    }

    private static int run(CliContext cli, List<String> command, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(cli.env());
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            try (InputStream output = process.getInputStream()) {
                cli.out().print(new String(output.readAllBytes(), StandardCharsets.UTF_8));
                cli.out().flush();
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new CliException(ExitCode.NOT_SUCCEEDED, command.get(0) + " exited with " + exit);
            }
            return ExitCode.OK;
        } catch (IOException e) {
            throw new CliException(ExitCode.NOT_SUCCEEDED, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.NOT_SUCCEEDED, "interrupted while " + command.get(0) + " ran");
        }
    }
}
