package io.coffer.cli.rpc;

import picocli.CommandLine.Option;

/** {@code --page-size} of the listing commands, which always follow every page to the end. */
public final class Paging {
  @Option(names = "--page-size", paramLabel = "N",
      description = "Entries asked for per request (default: the API's maximum); every page is listed either way.")
  Integer pageSize;

  /** The size to ask for: the user's, else {@code max}. */
  public int size(int max) {
    return pageSize != null ? pageSize : max;
  }
}
