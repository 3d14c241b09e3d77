package io.coffer.cli.oss;

import io.coffer.cli.client.UsageFailure;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * ossutil's "(y or N)?" questions. They are asked only on a terminal: with none (a script, a
 * pipe, CI) the command refuses and names the flag that skips the question, rather than guessing.
 */
public final class Confirm {
  private Confirm() {}

  /**
   * Asks {@code question}; true on y/yes.
   *
   * @throws UsageFailure when there is no terminal to ask on
   */
  public static boolean ask(PrintWriter out, String question, String skipWith) {
    Console console = terminal();
    if (console == null) {
      throw new UsageFailure("no terminal to confirm on (" + question.strip() + "); pass " + skipWith
          + " to go ahead without asking");
    }
    out.print(question);
    out.flush();
    String answer = console.readLine();
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }

  /** The console when standard input and output are a terminal, else null. */
  static Console terminal() {
    Console c = System.console();
    if (c == null) return null;
    // JDK 22+ hands out a Console even when redirected and says so through isTerminal(); the
    // build targets 21, where a non-null console already means a terminal.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c)) ? c : null;
    } catch (NoSuchMethodException e) {
      return c;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
