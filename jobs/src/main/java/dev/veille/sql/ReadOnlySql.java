package dev.veille.sql;

import dev.veille.common.ConfigException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.CommandExecutionMode;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The gate of {@code veille sql}: a statement runs only when Spark's own parser says it reads. Spark
 * runs commands (INSERT, CREATE, DROP, CACHE, SET, ADD JAR, ...) as soon as {@code spark.sql} is
 * called, so the check is made on the parsed plan, before that call.
 *
 * <p>Accepted: queries (SELECT, WITH, VALUES, TABLE, FROM ... SELECT), whose parsed and analysed plans
 * hold no command or statement node anywhere (a CTE included), and the read-only commands listed in
 * {@link #READ_ONLY_COMMANDS} (SHOW ..., DESCRIBE ..., EXPLAIN ..., which never executes the plan it
 * explains). Anything else is refused with a {@link ConfigException} naming the statement.
 */
public final class ReadOnlySql {
  private ReadOnlySql() {}

  /** Parsed-plan classes (simple names) of commands that only read the catalogue or a plan. */
  static final Set<String> READ_ONLY_COMMANDS = Set.of(
      "ShowTables", "ShowTablesExtended", "ShowViews", "ShowColumns", "ShowFunctions", "ShowNamespaces",
      "ShowCatalogsCommand", "ShowPartitions", "ShowTableProperties", "ShowCreateTable",
      "ShowCurrentNamespaceCommand", "DescribeRelation", "DescribeColumn", "DescribeFunction",
      "DescribeNamespace", "DescribeQueryCommand", "ExplainCommand");

  /** Plan nodes that write or run other statements without being a Command before analysis. */
  static final Set<String> WRITING_NODES = Set.of("InsertIntoDir", "UnresolvedExecuteImmediate", "CompoundBody",
      "SingleStatement", "Call");

  private static final Pattern FIRST_WORDS = Pattern.compile("^(?:\\s|--[^\\n]*\\n?|/\\*.*?\\*/)*([A-Za-z]+)",
      Pattern.DOTALL);

  /**
   * Parses {@code sql} with the session's parser and analyses it (the views it names must be
   * registered), and throws a {@link ConfigException} unless it only reads: on a syntax or analysis
   * error (its first line, which names the position) or a writing statement.
   */
  public static void check(SparkSession spark, String sql) {
    checkAnalysed(spark, sql, checkParsed(spark, sql));
  }

  /**
   * The first half of {@link #check}, which needs no view: the parsed plan, or null for a read-only
   * command (SHOW, DESCRIBE, EXPLAIN), which needs no analysis.
   */
  public static LogicalPlan checkParsed(SparkSession spark, String sql) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (Exception e) {
      // ParseException (an AnalysisException) is checked for javac: Scala declares it with @throws.
      throw userFacing(e, "Invalid query: ");
    }
    if (READ_ONLY_COMMANDS.contains(plan.getClass().getSimpleName())) {
      return null;
    }
    refuseWriter(sql, writingNode(plan));
    return plan;
  }

  /**
   * The second half of {@link #check}: some writes only become commands when analysed (INSERT
   * OVERWRITE DIRECTORY ... USING, EXECUTE IMMEDIATE), so the analysed plan is checked too. Analysis
   * resolves names and runs nothing.
   */
  public static void checkAnalysed(SparkSession spark, String sql, LogicalPlan parsed) {
    if (parsed == null) {
      return;
    }
    LogicalPlan analysed;
    try {
      analysed = spark.sessionState().executePlan(parsed, CommandExecutionMode.SKIP()).analyzed();
    } catch (Exception e) {
      throw userFacing(e, "Invalid query: ");
    }
    refuseWriter(sql, writingNode(analysed));
  }

  /** A Spark error that blames the query as a one-line ConfigException; anything else as it is. */
  public static RuntimeException userFacing(Exception e, String prefix) {
    SparkThrowable user = userError(e);
    if (user == null) {
      return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    return new ConfigException(prefix + firstLine(((Throwable) user).getMessage()), e);
  }

  private static void refuseWriter(String sql, String writer) {
    if (writer != null) {
      throw new ConfigException(String.format(Locale.ROOT,
          "Refused %s statement (parsed as %s): veille sql only reads (expected SELECT, WITH, VALUES, TABLE,"
              + " SHOW, DESCRIBE or EXPLAIN)", statementKind(sql), writer));
    }
  }

  /** The simple class name of the first command or statement node in the plan, or null when none. */
  static String writingNode(LogicalPlan root) {
    Deque<TreeNode<?>> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      TreeNode<?> p = todo.pop();
      if (p instanceof Command || p instanceof ParsedStatement || WRITING_NODES.contains(p.getClass().getSimpleName())) {
        return p.getClass().getSimpleName();
      }
      if (p instanceof QueryPlan<?>) {
        CollectionConverters.asJava(p.children()).forEach(c -> todo.push((TreeNode<?>) c));
        // A WITH's definitions are inner children, not children.
        CollectionConverters.asJava(p.innerChildren()).forEach(c -> todo.push(c));
      }
    }
    return null;
  }

  /** The Spark error in the cause chain that blames the statement (not an internal error), or null. */
  public static SparkThrowable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SparkThrowable s && s.getSqlState() != null && !s.getSqlState().startsWith("XX")) {
        return s;
      }
    }
    return null;
  }

  /** The statement's first keyword in capitals (comments skipped), e.g. INSERT, CREATE, SET. */
  static String statementKind(String sql) {
    Matcher m = FIRST_WORDS.matcher(sql);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "empty";
  }

  /** The first line of a Spark error message (the rest repeats the query with a caret under the position). */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String s = message.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl).strip();
  }
}
