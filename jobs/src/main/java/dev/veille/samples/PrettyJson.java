package dev.veille.samples;

import java.util.List;
import java.util.Map;

/**
 * A tiny deterministic JSON writer for {@code ground_truth.json}: maps keep their insertion order,
 * two-space indentation, "\n" line ends, and small all-scalar objects and arrays on one line.
 * Independent of the Jackson version on the classpath, so the bytes never change with it.
 */
final class PrettyJson {

    private static final int INLINE_MAX = 160;

    private PrettyJson() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder(1 << 16);
        write(value, sb, 0);
        sb.append('\n');
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb, int indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            String inline = inline(v);
            if (inline != null) {
                sb.append(inline);
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(sb, indent + 1);
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(e.getValue(), sb, indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            String inline = inline(v);
            if (inline != null) {
                sb.append(inline);
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(sb, indent + 1);
                write(l.get(i), sb, indent + 1);
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            pad(sb, indent);
            sb.append(']');
        } else {
            scalar(v, sb);
        }
    }

    /** The one-line form when every member is a scalar and it is short, else null. */
    private static String inline(Object v) {
        StringBuilder sb = new StringBuilder();
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() instanceof Map || e.getValue() instanceof List) {
                    return null;
                }
                if (i++ > 0) {
                    sb.append(", ");
                }
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                scalar(e.getValue(), sb);
            }
            sb.append('}');
        } else {
            List<?> l = (List<?>) v;
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                Object o = l.get(i);
                if (o instanceof Map || o instanceof List) {
                    return null;
                }
                if (i > 0) {
                    sb.append(", ");
                }
                scalar(o, sb);
            }
            sb.append(']');
        }
        return sb.length() <= INLINE_MAX ? sb.toString() : null;
    }

    private static void scalar(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("not a JSON number: " + d);
            }
            sb.append(d.doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, v.toString());
        }
    }

    private static void pad(StringBuilder sb, int indent) {
        for (int i = 0; i < indent; i++) {
            sb.append("  ");
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
