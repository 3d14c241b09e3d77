package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The axe-core accessibility engine run on the page a {@link ConsoleBrowser} shows. axe.min.js comes
 * from the axe-core WebJar on the test class path (nothing is fetched at test time) and is injected
 * with WebDriver's executeScript, which the console's Content-Security-Policy does not govern: the
 * page itself could never load it ({@code script-src 'self'}).
 */
final class ConsoleAxe {
  /** The WCAG 2.0 and 2.1 success criteria of levels A and AA, as axe tags its rules. */
  static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
  private static final String WEBJAR = "META-INF/resources/webjars/axe-core/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String source;

  private ConsoleAxe() {}

  /** One rule broken, with the elements that break it. */
  record Violation(String rule, String impact, String help, String helpUrl, List<String> targets) {
    @Override
    public String toString() {
      return rule + " (" + impact + "): " + help + "\n    at " + String.join("\n    at ", targets) + "\n    see "
          + helpUrl;
    }
  }

  /** The violations of the {@link #WCAG_A_AA} rules on the page as it is now. */
  static List<Violation> violations(ConsoleBrowser browser) {
    return violations(browser, WCAG_A_AA);
  }

  /** The violations of the rules with these axe tags on the page as it is now. */
  static List<Violation> violations(ConsoleBrowser browser, List<String> tags) {
    JavascriptExecutor js = (JavascriptExecutor) browser.driver();
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(axeSource());
    }
    browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Object answer = js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
          .then((r) => done(JSON.stringify(r.violations)), (e) => done('axe failed: ' + e));
        """, tags);
    String text = String.valueOf(answer);
    if (!text.startsWith("[")) throw new IllegalStateException(text);
    try {
      List<Violation> out = new ArrayList<>();
      for (JsonNode v : JSON.readTree(text)) {
        List<String> targets = new ArrayList<>();
        for (JsonNode n : v.path("nodes")) {
          targets.add(n.path("target").toString() + " " + n.path("failureSummary").asText().replace('\n', ' '));
        }
        out.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(),
            v.path("helpUrl").asText(), targets));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The axe version on the class path (the WebJar's own pom.properties names it). */
  static String version() {
    try (InputStream in = resource("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized String axeSource() {
    if (source == null) {
      try (InputStream in = resource(WEBJAR + version() + "/axe.min.js")) {
        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source;
  }

  private static InputStream resource(String name) {
    InputStream in = ConsoleAxe.class.getClassLoader().getResourceAsStream(name);
    if (in == null) throw new IllegalStateException(name + " is not on the test class path (the axe-core WebJar)");
    return in;
  }
}
