package dev.flotilla.meta.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.meta.oidc.TestIdentityProvider;
import dev.flotilla.meta.support.Api;
import dev.flotilla.meta.support.IntegrationTest;
import dev.flotilla.meta.versions.Lifecycle;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a running meta-controller on
 * PostgreSQL, with a fleet seeded and agents played over the real HTTP APIs. Writes screenshots (see Browser.screenshot).
 */
@IntegrationTest
// a context (and database) of its own: the pages list what exists, so other tests' rows must not crowd them
@TestPropertySource(properties = "spring.application.name=flotilla-dashboard-test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private Browser browser;
    private DemoFleet fleet;
    private DemoRollout rollout;
    private long upgradeId;

    @BeforeAll
    void startBrowserAndSeedFleet() {
        assumeTrue(Browser.available(), "Chromium and chromedriver are not installed at /usr/bin: browser tests skipped");
        fleet = new DemoFleet(new Api(port));
        rollout = new DemoRollout(fleet);
        upgradeId = fleet.requestUpgrade();
        browser = new Browser(port);
    }

    /** The identity provider the dashboard may sign in with (authorization code with PKCE). */
    static final TestIdentityProvider IDP = TestIdentityProvider.start(List.of(), List.of());

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry properties) {
        properties.add("flotilla.auth.oidc.issuer-uri", IDP::issuer);
        properties.add("flotilla.auth.oidc.audience", () -> TestIdentityProvider.AUDIENCE);
        properties.add("flotilla.auth.oidc.roles.platform-admins", () -> "admin");
        properties.add("flotilla.auth.oidc.dashboard-client-id", () -> TestIdentityProvider.DASHBOARD_CLIENT);
        properties.add("flotilla.auth.oidc.dashboard-scopes", () -> "openid profile");
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        IDP.close();
    }

    @AfterEach
    void pagesRaisedNoScriptErrors() {
        if (browser != null) {
            assertThat(browser.scriptErrors()).isEmpty();
        }
    }

    private void signInAs(String token) {
        browser.driver.get("about:blank");
        browser.open("/fleet");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        browser.signIn(token);
    }

    @Test
    void refusesAnUnknownTokenAndNeverPutsATokenInTheUrl() {
        browser.driver.get("about:blank");
        browser.open("/fleet");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.visible(By.id("token")).sendKeys("flt_not-a-real-token");
        browser.click(By.id("sign-in"));

        browser.waitForText(By.id("signin-error"), "not valid");
        assertThat(browser.driver.findElement(By.id("main-nav")).isDisplayed()).isFalse();

        browser.signIn(fleet.operator);
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("flt_");
        Object stored = ((JavascriptExecutor) browser.driver).executeScript(
                "return sessionStorage.getItem('flotilla.token')");
        assertThat(stored).isEqualTo(fleet.operator);
    }

    @Test
    void worksFromTheKeyboardAloneAndEscapeCancelsAConfirmation() {
        browser.driver.get("about:blank");
        browser.open("/clusters/dash-us-2");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        // a fresh load, not a refresh: the previous page, its token gone, may sign out and move to #/fleet first
        browser.load("/clusters/dash-us-2");
        browser.wait.until(d -> "token".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.driver.switchTo().activeElement().sendKeys(fleet.operator, Keys.ENTER);
        browser.visible(By.id("sign-out"));
        // signed in from the keyboard: the cluster page renders with the operator's role, and again after a reload
        // once it finished loading (its revision and upgrade sections), so the reload aborts none of its calls
        browser.visible(By.id("cluster-cordon"));
        browser.wait.until(d -> d.findElements(By.xpath("//main//p[@role='status' and text()='Loading…']")).isEmpty());
        browser.driver.navigate().refresh();

        browser.visible(By.id("cluster-cordon"));
        browser.driver.findElement(By.id("cluster-cordon")).sendKeys(Keys.ENTER);
        browser.visible(By.id("confirm-dialog"));
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-cancel");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);

        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(fleet.api.get(DemoFleet.ADMIN, "/api/v1/clusters/dash-us-2").body().path("state").asString())
                .isEqualTo("READY");
    }

    @Test
    void applicationPageShowsRevisionsTheBundleAClusterGetsAndWhatChangesForItBetweenTwoRevisions() {
        DemoBundle.create(fleet.api);
        signInAs(fleet.viewer);
        browser.open("/applications");

        browser.click(By.linkText(DemoBundle.APPLICATION));
        browser.waitForText(By.id("application-revisions"), "ConfigMap web-config");
        assertThat(browser.text(By.id("application-facts"))).contains("any (a bundle)").contains("shop");
        WebElement cluster = browser.visible(By.id("choose-cluster"));
        cluster.sendKeys(DemoBundle.CLUSTER);
        new Select(browser.driver.findElement(By.id("choose-revision"))).selectByValue("2");
        new Select(browser.driver.findElement(By.id("choose-from"))).selectByValue("1");
        browser.click(By.id("show-cluster-view"));

        browser.visible(By.id("rendered-resources"));
        assertThat(browser.driver.findElements(By.cssSelector("#rendered-resources > li")))
                .extracting(li -> li.getAttribute("data-kind"))
                .containsExactly("Service", "PodDisruptionBudget", "CloneSet");
        Object cloneSet = ((JavascriptExecutor) browser.driver).executeScript("return document.querySelector("
                + "'#rendered-resources li[data-kind=CloneSet] pre').textContent");
        assertThat((String) cloneSet).as("the cluster's override").contains("\"replicas\": 6")
                .contains("shop/web:v2");
        browser.waitForText(By.id("diff-added"), "PodDisruptionBudget shop/web");
        assertThat(browser.text(By.id("diff-removed"))).contains("ConfigMap shop/web-config");
        assertThat(browser.text(By.id("diff-changed"))).contains("CloneSet shop/web")
                .contains("\"path\":\"/spec/template/spec/containers/0/image\"").contains("/spec/replicas");
        assertThat(browser.text(By.id("diff-unchanged"))).contains("1 unchanged");
        assertThat(browser.driver.getCurrentUrl()).contains("cluster=" + DemoBundle.CLUSTER).contains("from=1");
        browser.screenshot("application");

        // another cluster gets revision 2 without the override
        browser.open("/applications/" + DemoBundle.APPLICATION + "?cluster=dash-us-1&revision=2&from=1");
        browser.visible(By.id("rendered-resources"));
        Object plain = ((JavascriptExecutor) browser.driver).executeScript("return document.querySelector("
                + "'#rendered-resources li[data-kind=CloneSet] pre').textContent");
        assertThat((String) plain).contains("\"replicas\": 4");
        browser.waitForText(By.id("diff-changed"), "CloneSet shop/web");
        assertThat(browser.text(By.id("diff-changed"))).doesNotContain("/spec/replicas");
    }

    @Test
    void signsInWithTheIdentityProviderByAuthorizationCodeWithPkce() {
        IDP.allowRedirect("http://127.0.0.1:" + port + "/");
        browser.driver.get("about:blank");
        browser.open("/fleet");
        ((JavascriptExecutor) browser.driver).executeScript("sessionStorage.clear()");
        browser.load("/fleet");

        browser.click(By.id("sign-in-oidc"));
        // the provider's own login page, on its own origin
        browser.visible(By.id("username")).sendKeys(TestIdentityProvider.USER);
        browser.driver.findElement(By.id("password")).sendKeys(TestIdentityProvider.PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();

        browser.visible(By.id("who"));
        browser.waitForText(By.id("who-name"), "Ada Lovelace");
        assertThat(browser.text(By.id("who-role"))).isEqualTo("admin");
        assertThat(browser.driver.getCurrentUrl()).startsWith("http://127.0.0.1:" + port + "/")
                .doesNotContain("code=").doesNotContain("state=");
        Object stored = ((JavascriptExecutor) browser.driver).executeScript(
                "return sessionStorage.getItem('flotilla.token')");
        assertThat(String.valueOf(stored)).startsWith("eyJ"); // the provider's JWT, checked by the API on each call
        Object pending = ((JavascriptExecutor) browser.driver).executeScript(
                "return sessionStorage.getItem('flotilla.oidc.pending')");
        assertThat(pending).isNull();

        browser.click(By.id("sign-out"));
        browser.visible(By.id("token"));
    }

    @Test
    void adminsReadTheAuditLogFilteredAndOthersAreNotOfferedIt() {
        signInAs(fleet.viewer);
        assertThat(browser.driver.findElement(By.id("nav-audit")).isDisplayed()).isFalse();
        browser.open("/audit");
        browser.wait.until(d -> d.getCurrentUrl().endsWith("#/fleet"));

        signInAs(DemoFleet.ADMIN);
        browser.visible(By.id("nav-audit"));
        browser.open("/audit?actor=dash-operator&action=upgrade.create");
        By upgrade = By.cssSelector("#audit tr[data-action='upgrade.create']");
        browser.waitForText(upgrade, "cluster/" + DemoFleet.UPGRADED);
        assertThat(browser.text(upgrade)).contains("dash-operator", "201");
        assertThat(browser.driver.findElements(By.cssSelector("#audit tbody tr[data-record]"))).hasSize(1);

        browser.driver.findElement(By.id("filter-actor")).clear();
        browser.driver.findElement(By.id("filter-action")).clear();
        browser.driver.findElement(By.id("filter-action")).sendKeys("cluster.create");
        browser.click(By.id("apply-audit-filters"));
        browser.wait.until(d -> d.getCurrentUrl().contains("action=cluster.create") && !d.findElements(
                By.cssSelector("#audit tbody tr[data-record]")).isEmpty());
        assertThat(browser.driver.findElements(By.cssSelector("#audit tbody tr[data-record]")))
                .allSatisfy(row -> assertThat(row.getAttribute("data-action")).isEqualTo("cluster.create"));
        browser.screenshot("audit");
    }

    @Test
    void signsOutAndForgetsTheToken() {
        signInAs(fleet.viewer);

        browser.click(By.id("sign-out"));

        browser.visible(By.id("token"));
        Object stored = ((JavascriptExecutor) browser.driver).executeScript(
                "return sessionStorage.getItem('flotilla.token')");
        assertThat(stored).isNull();
    }

    @Test
    void fleetPageShowsTotalsAndFiltersTheClusterTableByStateAndSelector() {
        signInAs(fleet.operator);
        long total = fleet.api.get(DemoFleet.ADMIN, "/api/v1/fleet/summary").body().path("clusters").asLong();

        browser.waitForText(By.id("fleet-total"), String.valueOf(total));
        assertThat(browser.text(By.id("chart-state"))).contains("READY").contains("REGISTERING");
        assertThat(browser.text(By.id("chart-version"))).contains("v1.30.4").contains("v1.31.2");
        assertThat(browser.text(By.id("chart-region"))).contains("eu-west").contains("us-east");

        WebElement selector = browser.visible(By.id("filter-selector"));
        selector.clear();
        selector.sendKeys(DemoFleet.SELECTOR + ",env=prod");
        new Select(browser.driver.findElement(By.id("filter-state"))).selectByValue("READY");
        browser.click(By.id("apply-filters"));

        List<String> expected = DemoFleet.names(c -> c.get(4).equals("prod") && !c.get(5).isEmpty());
        browser.wait.until(d -> clusterRows().equals(expected));
        assertThat(browser.driver.getCurrentUrl()).contains("state=READY");
        browser.screenshot("fleet");
    }

    @Test
    void pagesThroughClustersWithNextAndPrevious() {
        signInAs(fleet.viewer);
        browser.open("/fleet?selector=" + DemoFleet.SELECTOR + "&limit=2");

        browser.wait.until(d -> clusterRows().equals(List.of("dash-eu-1", "dash-eu-2")));
        browser.click(By.id("clusters-next"));
        browser.wait.until(d -> clusterRows().equals(List.of("dash-eu-3", "dash-us-1")));
        browser.click(By.id("clusters-next"));
        browser.wait.until(d -> clusterRows().equals(List.of("dash-us-2", "dash-us-3")));
        browser.waitForText(By.id("clusters-page"), "Page 3");
        browser.click(By.id("clusters-prev"));

        browser.wait.until(d -> clusterRows().equals(List.of("dash-eu-3", "dash-us-1")));
        assertThat(browser.driver.findElement(By.id("clusters-prev")).isEnabled()).isTrue();
    }

    @Test
    void clusterDetailShowsFactsAndLabelsAndOffersAViewerNoCordon() {
        signInAs(fleet.viewer);
        browser.open("/clusters/dash-eu-3");

        browser.waitForText(By.id("cluster-facts"), "v1.31.2");
        assertThat(browser.text(By.id("cluster-facts"))).contains("blue").contains("eu-west-1a");
        assertThat(browser.text(By.id("cluster-labels"))).contains("env=staging").contains("suite=dashboard");
        assertThat(browser.driver.findElements(By.id("cluster-cordon"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("cluster-uncordon"))).isEmpty();
    }

    @Test
    void operatorCordonsAClusterOnlyAfterConfirming() {
        signInAs(fleet.operator);
        browser.open("/clusters/dash-us-2");

        browser.click(By.id("cluster-cordon"));
        browser.visible(By.id("confirm-dialog"));
        browser.click(By.id("confirm-cancel"));
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(fleet.api.get(DemoFleet.ADMIN, "/api/v1/clusters/dash-us-2").body().path("state").asString())
                .isEqualTo("READY");

        browser.click(By.id("cluster-cordon"));
        browser.click(By.id("confirm-ok"));

        browser.visible(By.id("cluster-uncordon"));
        browser.waitForText(By.cssSelector("h1 .badge"), "CORDONED");
        browser.screenshot("cluster");
        assertThat(fleet.api.get(DemoFleet.ADMIN, "/api/v1/clusters/dash-us-2").body().path("state").asString())
                .isEqualTo("CORDONED");
        browser.click(By.id("cluster-uncordon"));
        browser.click(By.id("confirm-ok"));
        browser.visible(By.id("cluster-cordon"));
    }

    @Test
    void tenantScopedViewerSeesOnlyItsTenantAndTheTenantInTheHeader() {
        signInAs(fleet.blueViewer);

        browser.waitForText(By.id("who-tenant"), "blue");
        assertThat(browser.text(By.id("who-role"))).isEqualTo("viewer");
        assertThat(browser.driver.findElements(By.id("filter-tenant"))).isEmpty();
        browser.open("/fleet?selector=" + DemoFleet.SELECTOR);
        List<String> blue = DemoFleet.names(c -> c.get(1).equals("blue"));
        browser.wait.until(d -> clusterRows().equals(blue));
    }

    @Test
    void upgradesPageShowsACatalogAndAClustersUpgradeWithPreflightAndHops() {
        signInAs(fleet.viewer);
        browser.open("/upgrades");
        browser.waitForText(By.id("versions"), "1.32");
        // the upgrade seeded for the fleet runs as a one-cluster campaign
        browser.waitForText(By.id("upgrade-campaigns"), "one cluster");

        WebElement cluster = browser.visible(By.id("upgrade-cluster"));
        cluster.sendKeys(DemoFleet.UPGRADED);
        browser.click(By.id("show-upgrades"));

        By upgrade = By.cssSelector("#cluster-upgrade-results article[data-upgrade='" + upgradeId + "']");
        browser.waitForText(upgrade, "1.31 → 1.32");
        assertThat(browser.text(upgrade)).contains("Preflight: passed").contains("dash-operator");
        browser.click(By.cssSelector("#cluster-upgrade-results article[data-upgrade='" + upgradeId + "'] button"));
        browser.waitForText(upgrade, "kube-apiserver");
        browser.screenshot("upgrades");
    }

    @Test
    void followsAWaveLiveAndPausesAndResumesTheRolloutAfterConfirming() {
        String canary = rollout.awaitDispatched(0, 1).get(0);
        signInAs(fleet.operator);
        browser.open("/rollouts/" + rollout.id);
        browser.waitForText(By.id("rollout-title"), "RUNNING");
        browser.wait.until(d -> waveCount(0, "DISPATCHED").equals("1"));
        browser.waitForText(By.id("events-live"), "Live");
        int eventsBefore = events();

        rollout.startBatches(canary);
        browser.wait.until(d -> waveCount(0, "IN_PROGRESS").equals("1"));
        rollout.succeed(canary);
        browser.wait.until(d -> waveCount(0, "SUCCEEDED").equals("1"));
        browser.wait.until(d -> events() > eventsBefore);

        List<String> wave = rollout.awaitDispatched(1, 2);
        rollout.startBatches(wave.get(0));
        browser.wait.until(d -> waveCount(1, "IN_PROGRESS").equals("1"));
        new Select(browser.driver.findElement(By.id("target-state"))).selectByValue("SUCCEEDED");
        browser.click(By.id("apply-target-filters"));
        browser.wait.until(d -> targetRows().equals(List.of(canary)));
        browser.screenshot("rollout");

        browser.click(By.id("rollout-pause"));
        browser.waitForText(By.id("confirm-message"), "Pause rollout #" + rollout.id);
        browser.click(By.id("confirm-cancel"));
        assertThat(rollout.state()).isEqualTo("RUNNING");
        browser.click(By.id("rollout-pause"));
        browser.click(By.id("confirm-ok"));
        browser.waitForText(By.id("rollout-title"), "PAUSED");
        assertThat(rollout.state()).isEqualTo("PAUSED");
        assertThat(browser.driver.findElement(By.id("rollout-pause")).isEnabled()).isFalse();

        browser.click(By.id("rollout-resume"));
        browser.click(By.id("confirm-ok"));
        browser.waitForText(By.id("rollout-title"), "RUNNING");
        assertThat(rollout.state()).isEqualTo("RUNNING");

        rollout.startBatches(wave.get(1));
        wave.forEach(rollout::succeed);
        browser.waitForText(By.id("rollout-title"), "SUCCEEDED");
        browser.wait.until(d -> waveCount(1, "SUCCEEDED").equals("2"));
        assertThat(browser.text(By.id("rollout-progress"))).isEqualTo("3 / 3 done");
        // a succeeded rollout can only be rolled back
        assertThat(browser.driver.findElements(By.cssSelector("#rollout-controls button:enabled")))
                .extracting(e -> e.getDomAttribute("id")).containsExactly("rollout-rollback");

        // the cluster page asks for one cluster's row, not the first page of the application's clusters
        var rows = fleet.api.get(fleet.viewer,
                "/api/v1/applications/" + DemoRollout.APPLICATION + "/clusters?limit=1&cluster=dash-us-1").body();
        assertThat(rows.path("items").size()).isEqualTo(1);
        assertThat(rows.path("items").get(0).path("cluster").asString()).isEqualTo("dash-us-1");
        browser.open("/clusters/" + canary);
        By revision = By.cssSelector("#cluster-revisions tr[data-application='" + DemoRollout.APPLICATION + "'] td.num");
        browser.wait.until(d -> browser.text(revision).equals("2"));
    }

    @Test
    void rolloutPageShowsEachWavesAnalysisWithABarPerMeasurementAndItsTable() {
        // rows as the analysis runner records them (the seeded rollout has no analysis of its own to run)
        jdbc.sql("INSERT INTO analysis_run (campaign_id, wave, verdict, rounds, pass_at_round, failures, next_at,"
                + " started_at, finished_at, message) VALUES (?, 0, 'FAILED', 2, 3, 1, now(), now(), now(), ?)")
                .params(rollout.id, "error-rate: result 0.19 fails result < 0.05").update();
        jdbc.sql("INSERT INTO analysis_measurement (campaign_id, wave, round, metric, at, value, verdict, message)"
                + " VALUES (?, 0, 1, 'error-rate', now(), 0.004, 'SUCCESSFUL', 'result 0.004 meets result < 0.05'),"
                + " (?, 0, 2, 'error-rate', now(), 0.19, 'FAILED', 'result 0.19 fails result < 0.05')")
                .params(rollout.id, rollout.id).update();
        signInAs(fleet.viewer);

        browser.open("/rollouts/" + rollout.id);

        browser.waitForText(By.cssSelector("#analysis-wave-0 h3"), "FAILED");
        assertThat(browser.text(By.cssSelector("#analysis-wave-0 .analysis-message"))).contains("0.19 fails");
        // each row's label and its bar's class, read in one go: the page refreshes itself, and rows a refresh replaced
        // while they were read (stale) are read again (the wait ignores stale elements)
        List<List<String>> bars = browser.wait.until(d -> d.findElements(By.cssSelector("#analysis-chart-0 tbody tr"))
                .stream().map(r -> List.of(r.findElement(By.tagName("th")).getText() + " = "
                        + r.findElement(By.cssSelector("td.num")).getText(),
                        r.findElement(By.cssSelector(".bar")).getAttribute("class")))
                .toList());
        assertThat(bars).extracting(bar -> bar.get(0))
                .containsExactly("#1 error-rate = 0.00400", "#2 error-rate = 0.190");
        assertThat(bars.get(1).get(1)).contains("v-FAILED");
        assertThat(browser.driver.findElements(By.cssSelector("#analysis-measurements-0 tbody tr"))).hasSize(2);
        browser.screenshot("rollout-analysis");
    }

    @Test
    void viewerFollowsARolloutButIsOfferedNoControls() {
        signInAs(fleet.viewer);
        browser.open("/rollouts/" + rollout.id);

        browser.visible(By.id("wave-0"));
        browser.visible(By.id("failure-budget"));
        assertThat(browser.text(By.id("failure-budget"))).contains("/ 1 failures used");
        assertThat(browser.driver.findElements(By.cssSelector("#rollout-controls button"))).isEmpty();
    }

    @Test
    void rolloutsPageListsRolloutsWithStateAndProgress() {
        signInAs(fleet.viewer);
        browser.open("/rollouts?application=" + DemoRollout.APPLICATION);

        By row = By.cssSelector("#rollouts tr[data-rollout='" + rollout.id + "']");
        browser.waitForText(row, "/ 3 done");
        assertThat(browser.text(row)).contains(DemoRollout.APPLICATION);
        browser.screenshot("rollouts");
    }

    private String waveCount(int wave, String state) {
        return browser.driver.findElements(
                        By.cssSelector("#wave-" + wave + " li[data-state='" + state + "'] .count")).stream()
                .map(WebElement::getText).findFirst().orElse("");
    }

    private int events() {
        return browser.driver.findElements(By.cssSelector("#events li")).size();
    }

    private List<String> targetRows() {
        return browser.driver.findElements(By.cssSelector("#targets tbody tr[data-cluster]")).stream()
                .map(row -> row.getAttribute("data-cluster"))
                .toList();
    }

    private List<String> clusterRows() {
        return browser.driver.findElements(By.cssSelector("#clusters tbody tr[data-cluster]")).stream()
                .map(row -> row.getAttribute("data-cluster"))
                .toList();
    }
}
