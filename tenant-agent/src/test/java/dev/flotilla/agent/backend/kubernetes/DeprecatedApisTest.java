package dev.flotilla.agent.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeprecatedApisTest {

    private static final String METRICS = """
            # HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.
            # TYPE apiserver_requested_deprecated_apis gauge
            apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="flowschemas",subresource="",version="v1beta3"} 1
            apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",resource="prioritylevelconfigurations",subresource="",version="v1beta3"} 1
            apiserver_requested_deprecated_apis{group="autoscaling",removed_release="",resource="horizontalpodautoscalers",subresource="",version="v1"} 1
            apiserver_requested_deprecated_apis{group="",removed_release="1.99",resource="componentstatuses",subresource="",version="v1"} 1 1795715572818
            apiserver_requested_deprecated_apis{group="batch",removed_release="1.25",resource="cronjobs",subresource="",version="v1beta1"} 0
            apiserver_request_total{code="200",group="flowcontrol.apiserver.k8s.io",version="v1beta3"} 17
            """;

    @Test
    void readsTheRequestedApisThatAReleaseRemoves() {
        assertThat(DeprecatedApis.requested(METRICS)).containsExactly(
                "flowcontrol.apiserver.k8s.io/v1beta3/flowschemas",
                "flowcontrol.apiserver.k8s.io/v1beta3/prioritylevelconfigurations",
                "v1/componentstatuses");
    }

    @Test
    void aServerWithoutTheGaugeReportsNothing() {
        assertThat(DeprecatedApis.requested("apiserver_request_total{code=\"200\"} 3\r\n")).isEmpty();
        assertThat(DeprecatedApis.requested("")).isEmpty();
    }
}
