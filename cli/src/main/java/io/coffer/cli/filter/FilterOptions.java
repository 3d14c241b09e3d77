package io.coffer.cli.filter;

import io.coffer.cli.client.UsageFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --include}/{@code --exclude} for the recursive commands. Both options feed one list so
 * the order they were typed in survives parsing (it decides which rule wins).
 */
public final class FilterOptions {
  private record Typed(boolean include, String pattern) {}

  private final List<Typed> typed = new ArrayList<>();

  @Option(names = "--include", paramLabel = "PATTERN", parameterConsumer = InOrder.class,
      description = "With -r: only files/objects whose name (the part after the last '/') matches the wildcard "
          + "(*, ?, [a-z], [!a-z]); repeatable, applied in order with --exclude, later ones win.")
  void include(String pattern) {
    add(true, pattern);
  }

  @Option(names = "--exclude", paramLabel = "PATTERN", parameterConsumer = InOrder.class,
      description = "With -r: leave out files/objects whose name matches the wildcard; repeatable, applied in order "
          + "with --include, later ones win. Without any --include everything else is included.")
  void exclude(String pattern) {
    add(false, pattern);
  }

  private void add(boolean include, String pattern) {
    // ossutil ignores an empty pattern
    if (!pattern.isEmpty()) typed.add(new Typed(include, pattern));
  }

  /**
   * The filter, checked as ossutil checks it (patterns first, then that only a recursive
   * operation uses one); throws {@link UsageFailure}.
   */
  public NameFilter filter(boolean recursive) {
    List<NameFilter.Rule> rules = typed.stream().map(t -> NameFilter.rule(t.include(), t.pattern())).toList();
    if (!recursive && !rules.isEmpty()) throw new UsageFailure("--include or --exclude only work with --recursive");
    return NameFilter.of(rules);
  }

  /**
   * Hands each occurrence straight to its setter: picocli would otherwise refuse a repeated
   * single-valued option, and a list per option would lose the order between the two.
   */
  static final class InOrder implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      if (args.isEmpty()) {
        throw new MissingParameterException(commandSpec.commandLine(), argSpec,
            "Missing required parameter for option '" + ((OptionSpec) argSpec).longestName() + "' (PATTERN)");
      }
      argSpec.setValue(args.pop());
    }
  }
}
