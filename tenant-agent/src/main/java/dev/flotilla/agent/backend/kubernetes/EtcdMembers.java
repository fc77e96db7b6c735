package dev.flotilla.agent.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the members of an etcd cluster whether they lead, through the {@code etcd_server_is_leader} gauge on each
 * member's metrics listener ({@code --listen-metrics-urls}): plain HTTP, no client certificate, unlike the client
 * port. All members are asked at once with short timeouts, so one unreachable member costs seconds, not minutes.
 */
final class EtcdMembers {

    /** The container port name the etcd manifest gives the metrics listener. */
    static final String METRICS_PORT = "metrics";
    /** etcd's conventional metrics port, for a pod that does not name its port. */
    static final int DEFAULT_METRICS_PORT = 2381;
    static final String LEADER_METRIC = "etcd_server_is_leader";

    private static final Logger log = LoggerFactory.getLogger(EtcdMembers.class);

    private final HttpClient http;
    private final Duration timeout;
    /** Members whose last probe failed: the first failure is a warning, the repeats only debug lines. */
    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    EtcdMembers(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Leader (true) or follower (false) by pod name, for the running members that answered. */
    Map<String, Boolean> leadership(List<Pod> pods) {
        Map<String, CompletableFuture<Optional<Boolean>>> asked = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (running(pod)) {
                asked.put(pod.getMetadata().getName(), ask(pod));
            }
        }
        Map<String, Boolean> answers = new LinkedHashMap<>();
        asked.forEach((name, answer) -> answer.join().ifPresent(leads -> answers.put(name, leads)));
        return answers;
    }

    private CompletableFuture<Optional<Boolean>> ask(Pod pod) {
        String member = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        HttpRequest request = HttpRequest.newBuilder(metricsUri(pod)).timeout(timeout).GET().build();
        // The request timeout covers the headers only; the whole exchange, body included, gets a deadline too.
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> answer(member, request.uri(), response, failure));
    }

    private Optional<Boolean> answer(String member, URI uri, HttpResponse<String> response, Throwable failure) {
        String problem;
        Optional<Boolean> leads = Optional.empty();
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            problem = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } else if (response.statusCode() != 200) {
            problem = "HTTP " + response.statusCode();
        } else {
            leads = leads(response.body());
            problem = leads.isPresent() ? null : "no " + LEADER_METRIC + " in its metrics";
        }
        if (problem == null) {
            if (silent.remove(member)) {
                log.info("etcd member {} answers again on {}", member, uri);
            }
        } else if (silent.add(member)) {
            log.warn("etcd member {} did not say whether it leads ({}): {}", member, uri, problem);
        } else {
            log.debug("etcd member {} still silent ({}): {}", member, uri, problem);
        }
        return leads;
    }

    /**
     * The {@code etcd_server_is_leader} sample of a Prometheus text exposition: 1 leads, 0 follows, anything else
     * or no sample is no answer. Comments are skipped; a label set and a trailing timestamp are tolerated.
     */
    static Optional<Boolean> leads(String exposition) {
        for (String line : exposition.split("\n")) {
            String sample = line.strip();
            if (!sample.startsWith(LEADER_METRIC)) {
                continue;
            }
            String rest = sample.substring(LEADER_METRIC.length());
            if (rest.startsWith("{")) {
                rest = rest.substring(endOfLabels(rest) + 1);
            } else if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0))) {
                continue;
            }
            return gauge(rest.strip().split("\\s+")[0]);
        }
        return Optional.empty();
    }

    private static Optional<Boolean> gauge(String value) {
        try {
            double gauge = Double.parseDouble(value);
            return gauge == 1 ? Optional.of(true) : gauge == 0 ? Optional.of(false) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Where the label set that opens {@code labels} closes, skipping braces inside quoted label values. */
    private static int endOfLabels(String labels) {
        boolean quoted = false;
        for (int i = 1; i < labels.length(); i++) {
            char c = labels.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return labels.length() - 1;
    }

    private static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isBlank();
    }

    static URI metricsUri(Pod pod) {
        String ip = pod.getStatus().getPodIP();
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return URI.create("http://" + host + ":" + metricsPort(pod) + "/metrics");
    }

    private static int metricsPort(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return DEFAULT_METRICS_PORT;
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts() == null ? Stream.empty()
                        : container.getPorts().stream())
                .filter(port -> METRICS_PORT.equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .filter(Objects::nonNull)
                .findFirst().orElse(DEFAULT_METRICS_PORT);
    }
}
