package io.coffer.cli.cp;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/** Whether output goes to a person at a terminal, and asking that person yes/no questions. */
final class Terminal {
  private final Progress progress;
  private final InputStream in;
  private BufferedReader reader;

  Terminal(Progress progress, InputStream in) {
    this.progress = progress;
    this.in = in;
  }

  /**
   * True when standard output is a terminal. Since JDK 22 {@code System.console()} may return a
   * console for redirected streams too; {@code Console.isTerminal()} (22+) tells them apart, and
   * is looked up reflectively because the code is compiled for Java 21.
   */
  static boolean interactive() {
    Console c = System.console();
    if (c == null) return false;
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException e) {
      return true; // Java 21: a console exists only for a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * Asks ossutil's question {@code cp: overwrite "X"(y or N)?}; anything but y/yes, including
   * the end of input, is no. One question at a time, whatever number of transfers run.
   */
  synchronized boolean confirmOverwrite(String what) {
    progress.prompt("cp: overwrite \"" + what + "\"(y or N)? ");
    String answer;
    try {
      if (reader == null) reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
      answer = reader.readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) progress.println("");
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }
}
