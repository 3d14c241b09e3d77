package io.coffer.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;

/**
 * A permission matrix: operations × callers, with the expected outcome of every cell written out
 * by hand as a text table ({@code Y} allowed, {@code -} denied). Each cell runs as one dynamic
 * test: arrange (as root), act (as the caller), then for an allowed cell check the work was done,
 * for a denied one check the refusal and that nothing changed; clean up either way.
 *
 * @param <C> the columns (callers)
 * @param <R> a cell's working state
 */
final class Matrix<C extends Enum<C>, R> {
  interface Step<R> {
    void run(R r) throws Exception;
  }

  /** How a denied cell must fail. */
  interface Refusal<C> {
    void check(C column, ThrowingCallable act);
  }

  static final class Op<R> {
    final String name;
    Step<R> arrange = r -> { };
    Step<R> act;
    Step<R> done = r -> { };
    Step<R> unchanged = r -> { };
    Step<R> cleanUp = r -> { };

    Op(String name) {
      this.name = name;
    }

    Op<R> arrange(Step<R> s) {
      arrange = s;
      return this;
    }

    Op<R> act(Step<R> s) {
      act = s;
      return this;
    }

    /** What an allowed cell must have done (or returned). */
    Op<R> done(Step<R> s) {
      done = s;
      return this;
    }

    /** What a denied cell must have left alone. */
    Op<R> unchanged(Step<R> s) {
      unchanged = s;
      return this;
    }

    Op<R> cleanUp(Step<R> s) {
      cleanUp = s;
      return this;
    }
  }

  private final Class<C> columns;
  private final Map<String, Map<C, Boolean>> expected;

  /**
   * @param header the column titles, one per constant of {@code columns}, in order
   * @param table one line per operation: its name, then one cell per column
   */
  Matrix(Class<C> columns, String header, List<String> table) {
    this.columns = columns;
    C[] cols = columns.getEnumConstants();
    assertThat(header.trim().split("\\s+")).as("header").hasSize(cols.length);
    Map<String, Map<C, Boolean>> out = new LinkedHashMap<>();
    for (String line : table) {
      String[] cells = line.trim().split("\\s+");
      assertThat(cells).as(line).hasSize(cols.length + 1);
      Map<C, Boolean> row = new EnumMap<>(columns);
      for (C c : cols) {
        String cell = cells[c.ordinal() + 1];
        assertThat(cell).as(line).isIn("Y", "-");
        row.put(c, cell.equals("Y"));
      }
      assertThat(out.put(cells[0], row)).as("duplicate row " + cells[0]).isNull();
    }
    this.expected = out;
  }

  /**
   * One dynamic test per cell, operations in table order.
   *
   * @param cell makes a cell's state
   * @param title names a column in test labels
   */
  Stream<DynamicTest> cells(List<Op<R>> ops, BiFunction<Op<R>, C, R> cell, Function<C, String> title,
      Refusal<C> refusal) {
    assertThat(ops.stream().map(o -> o.name).toList()).as("operations, as the table lists them")
        .containsExactlyElementsOf(expected.keySet());
    return ops.stream().flatMap(op -> Arrays.stream(columns.getEnumConstants()).map(col -> {
      boolean allowed = expected.get(op.name).get(col);
      String label = op.name + " by " + title.apply(col) + ": " + (allowed ? "allowed" : "denied");
      return dynamicTest(label, () -> {
        try {
          run(op, cell.apply(op, col), col, allowed, refusal);
        } catch (Throwable t) {
          // Reports show dynamic tests by index; the label says which cell failed.
          throw new AssertionError(label + ": " + t.getMessage(), t);
        }
      });
    }));
  }

  private void run(Op<R> op, R r, C col, boolean allowed, Refusal<C> refusal) throws Exception {
    try {
      op.arrange.run(r);
      if (allowed) {
        op.act.run(r);
        op.done.run(r);
      } else {
        refusal.check(col, () -> op.act.run(r));
        op.unchanged.run(r);
      }
    } finally {
      op.cleanUp.run(r);
    }
  }
}
