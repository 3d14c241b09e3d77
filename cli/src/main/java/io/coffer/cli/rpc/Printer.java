package io.coffer.cli.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How KMS and RAM commands print results: for people, aligned {@code Name : value} lines and
 * tables; for scripts ({@code --output json}), one JSON document whose field names are the API's.
 */
public final class Printer {
  /** Spelled as typed on the command line ({@code --output json}). */
  public enum Format { text, json }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final Format format;

  public Printer(PrintWriter out, Format format) {
    this.out = out;
    this.format = format;
  }

  public boolean json() {
    return format == Format.json;
  }

  /** One record: {@code Name : value} lines (names padded to one width), or a JSON object. */
  public void record(Map<String, ?> fields) {
    if (json()) {
      writeJson(fields);
      return;
    }
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (Map.Entry<String, ?> e : fields.entrySet()) {
      String value = text(e.getValue());
      // Multi-line values (policy documents) keep their lines, indented under the first.
      String indent = " ".repeat(width + 3);
      out.println(pad(e.getKey(), width) + " : " + value.replace("\n", "\n" + indent));
    }
    out.flush();
  }

  /**
   * A list: a table of the given columns (text), or {@code {"name": [rows]}} with every field of
   * every row (JSON).
   */
  public void table(String name, List<Map<String, Object>> rows, String... columns) {
    if (json()) {
      writeJson(Map.of(name, rows));
      return;
    }
    if (rows.isEmpty()) {
      out.println("No " + name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT) + ".");
      out.flush();
      return;
    }
    int[] widths = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      widths[c] = columns[c].length();
      for (Map<String, Object> row : rows) widths[c] = Math.max(widths[c], cell(row, columns[c]).length());
    }
    out.println(line(columns, widths));
    for (Map<String, Object> row : rows) {
      String[] cells = new String[columns.length];
      for (int c = 0; c < columns.length; c++) cells[c] = cell(row, columns[c]);
      out.println(line(cells, widths));
    }
    out.println();
    out.println("Total: " + rows.size());
    out.flush();
  }

  /** An action without a result of its own: a sentence for people, the given fields for scripts. */
  public void done(String sentence, Map<String, ?> fields) {
    if (json()) {
      writeJson(fields);
    } else {
      out.println(sentence);
      out.flush();
    }
  }

  /**
   * The named properties of an SDK model object, in the order given, read through its getters
   * ({@code "KeyId"} → {@code getKeyId()}); properties the server left out (null) are skipped.
   */
  public static Map<String, Object> fields(Object bean, String... names) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : names) {
      try {
        Method getter = bean.getClass().getMethod("get" + name);
        Object value = getter.invoke(bean);
        if (value != null) out.put(name, value);
      } catch (NoSuchMethodException | IllegalAccessException e) {
        throw new IllegalArgumentException(bean.getClass().getName() + " has no property " + name, e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  /** {@link #fields} of each element. */
  public static List<Map<String, Object>> rows(List<?> beans, String... names) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (beans != null) for (Object b : beans) out.add(fields(b, names));
    return out;
  }

  private void writeJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  private static String cell(Map<String, Object> row, String column) {
    return text(row.get(column)).replace('\n', ' ');
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) sb.append("  ");
      sb.append(c == cells.length - 1 ? cells[c] : pad(cells[c], widths[c]));
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
