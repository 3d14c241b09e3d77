package io.coffer.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** What cp prints: one redrawn line on a terminal, tenths as plain lines otherwise, ossutil's summary. */
class ProgressTest {
  @Test
  void terminal_redrawsOneLineInPlace_andClearsItBeforeTheSummary() throws Exception {
    StringWriter sw = new StringWriter();
    Progress p = new Progress(new PrintWriter(sw), true, Progress.Op.DOWNLOAD);
    p.planned(2, 2000);
    p.transferred(500);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!sw.toString().contains("\rProgress: 25%") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    p.transferred(1500);
    p.succeeded(1000);
    p.succeeded(1000);
    p.close();
    String s = sw.toString();
    assertThat(s).contains("\rProgress: 25%, 500 B of 1.95 KiB, 0 of 2 objects");
    String before = s.substring(0, s.indexOf("Succeed:"));
    assertThat(before).doesNotContain("\n").endsWith("\r");
    assertThat(s).contains("Succeed: Total num: 2, size: 2,000. OK num: 2(download 2 objects).\n");
  }

  @Test
  void plain_printsALineEachTenth_neverPastAHundredPercent() {
    StringWriter sw = new StringWriter();
    Progress p = new Progress(new PrintWriter(sw), false, Progress.Op.UPLOAD);
    p.planned(1, 1000);
    for (int i = 0; i < 40; i++) p.transferred(25);
    p.transferred(500); // a retried request counted twice
    p.failed();
    p.close();
    String s = sw.toString();
    assertThat(s.lines().filter(l -> l.startsWith("Progress: "))).hasSize(10).last().asString()
        .startsWith("Progress: 100%, 1000 B of 1000 B, 0 of 1 files");
    assertThat(s).doesNotContain("\r").contains(
        "FinishWithError: Total num: 1, size: 1,000. Error num: 1. OK num: 0, Transfer size: 1,500.");
  }
}
