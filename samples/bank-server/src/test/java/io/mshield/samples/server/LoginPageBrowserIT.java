package io.mshield.samples.server;

import io.mshield.crypto.KeyAlgorithm;
import io.mshield.samples.phone.QrCodes;
import io.mshield.samples.phone.SimPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PC pages in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver (.ci/run installs both). The test reads the QR code from the page as a user's phone
 * would see it (a screenshot of the image), approves with the phone simulator over HTTP, and waits
 * for the page's own polling to show the result. Without Chromium it says so and is skipped.
 */
@DisplayName("R7.2 scan-to-login and R7.3 scan-to-sign pages in headless Chromium")
class LoginPageBrowserIT extends ServerTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("mshield.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("mshield.chromedriver", "/usr/bin/chromedriver"));
    private static final Path OUT = Path.of(System.getProperty("basedir", "."), "target", "browser");
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        String why = "Chromium or chromedriver not installed (" + CHROMIUM + ", " + DRIVER
                + "; apt-get install chromium chromium-driver): the browser test is skipped";
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            System.out.println("LoginPageBrowserIT: " + why);
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), why);
        Files.createDirectories(OUT);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1000,900",
                "--user-data-dir=" + Files.createTempDirectory("mshield-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String scanThePage(String page) {
        browser.get("http://localhost:" + port + page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement qr = browser.findElement(By.id("qr"));
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "const i = arguments[0]; return i.complete && i.naturalWidth > 0;", qr)));
        return QrCodes.read(qr.getScreenshotAs(OutputType.BYTES));
    }

    private String awaitStatus(String prefix) {
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> status.getText().startsWith(prefix));
        return status.getText();
    }

    private void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), OUT.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @DisplayName("the login page shows a QR code; the simulator approves it; the page says 'logged in as …'")
    void logsIn() throws Exception {
        SimPhone phone = enrolled("DEVICE", KeyAlgorithm.EC_P256, "135790");
        String payload = scanThePage("/login.html");
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("scan the code");

        phone.scanAndApprove(payload, "135790");

        String status = awaitStatus("logged in as ");
        screenshot("login-page.png");
        assertThat(status).contains(phone.shield()).contains("*");
        assertThat(OUT.resolve("login-page.png")).isNotEmptyFile();
    }

    @Test
    @DisplayName("the scan-to-sign page shows a QR code; the simulator signs it (COLLABORATIVE); the page shows the signature")
    void signs() throws Exception {
        SimPhone phone = enrolled("COLLABORATIVE", KeyAlgorithm.SM2, "246813");
        String payload = scanThePage("/sign.html");

        phone.scanAndApprove(payload, "246813");

        String status = awaitStatus("signed by ");
        screenshot("sign-page.png");
        assertThat(status).contains(phone.shield()).contains("signature ");
    }
}
