package dev.veille.ingest;

import dev.veille.common.ConfigNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Paths into JSON documents, as mapping files write them: {@code a.b} (a field of an object),
 * {@code a.b[]} (every element of an array), {@code a.b[0]} (one element). Turns a set of paths
 * into the explicit read schema (leaves are strings: numbers are read as their JSON text and
 * validated by the parser, which can then say what was wrong) and a path into a Spark column.
 */
final class JsonPaths {
  /** One step: a field name, then all elements ({@code index == ALL}), one element, or neither. */
  record Step(String name, int index) {
    static final int NONE = -2;
    static final int ALL = -1;
  }

  private JsonPaths() {}

  /** Parses a path; {@code where} names the mapping key in the error (null: already validated). */
  static List<Step> parse(String path, ConfigNode where) {
    List<Step> steps = new ArrayList<>();
    for (String part : path.split("\\.", -1)) {
      String name = part;
      int index = Step.NONE;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        String inside = part.substring(bracket + 1, part.length() - 1);
        if (!part.endsWith("]") || part.indexOf('[', bracket + 1) >= 0) {
          throw invalid(path, where);
        }
        name = part.substring(0, bracket);
        if (inside.isEmpty()) {
          index = Step.ALL;
        } else if (inside.matches("\\d{1,6}")) {
          index = Integer.parseInt(inside);
        } else {
          throw invalid(path, where);
        }
      }
      if (name.isEmpty()) {
        throw invalid(path, where);
      }
      steps.add(new Step(name, index));
    }
    return steps;
  }

  private static RuntimeException invalid(String path, ConfigNode where) {
    String expected = "a path such as a.b, a.b[] or a.b[0] (got " + path + ")";
    return where == null ? new IllegalArgumentException("Invalid path: " + expected) : where.error(expected);
  }

  /** A tree of the paths read, to derive the schema from. */
  static final class Node {
    final Map<String, Node> children = new LinkedHashMap<>();
    boolean array;

    void add(List<Step> steps) {
      Node node = this;
      for (Step step : steps) {
        Node child = node.children.computeIfAbsent(step.name(), k -> new Node());
        child.array |= step.index() != Step.NONE;
        node = child;
      }
    }

    DataType type() {
      DataType element = children.isEmpty() ? DataTypes.StringType : struct();
      return array ? DataTypes.createArrayType(element, true) : element;
    }

    StructType struct() {
      StructType struct = new StructType();
      for (Map.Entry<String, Node> e : children.entrySet()) {
        struct = struct.add(e.getKey(), e.getValue().type(), true);
      }
      return struct;
    }
  }

  /** The column for {@code path} inside the struct column {@code base}. */
  static Column column(Column base, String path) {
    Column c = base;
    for (Step step : parse(path, null)) {
      c = c.getField(step.name());
      if (step.index() >= 0) {
        // get() is null past the end; getItem() fails the whole job under ANSI mode.
        c = functions.get(c, functions.lit(step.index()));
      }
    }
    return c;
  }

  /** The type a path yields in a schema built from it: arrays where any step walks an array. */
  static boolean yieldsArray(String path) {
    for (Step step : parse(path, null)) {
      if (step.index() == Step.ALL) {
        return true;
      }
    }
    return false;
  }

}
