package dev.veille.samples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veille.common.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The layout of {@code ground_truth.json}, as a Jackson {@link PrettyPrinter}: maps keep their
 * insertion order, two-space indentation, "\n" line ends, {@code ": "} after a name, and an object
 * or array whose members are all scalars stays on one line when that line is at most
 * {@value #INLINE_MAX} characters ({@code {"weekday": 3, "hour": 20}}, a 24-number hour curve).
 *
 * <p>Why not {@code DefaultPrettyPrinter}: it puts every array element on its own line (the file
 * would grow from about 600 lines to several thousand and lose its one-line rows), and a pretty
 * printer cannot look ahead at a container's members. So {@link #write} walks the tree first and
 * hands the printer one decision per container, in the order Jackson opens them (depth first).
 * Jackson does the rest: escaping, numbers, field names.
 */
final class CompactPrettyPrinter implements PrettyPrinter {

    static final int INLINE_MAX = 160;

    /** Insertion order: the ground truth reads top-down (generator, model, accounts, then events). */
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Iterator<Boolean> inline;
    private final Deque<Boolean> open = new ArrayDeque<>();

    private CompactPrettyPrinter(Iterator<Boolean> inline) {
        this.inline = inline;
    }

    /** {@code value} (maps, lists, strings, numbers, booleans, nulls) as JSON text ending with "\n". */
    static String write(Object value) {
        JsonNode tree = MAPPER.valueToTree(value);
        List<Boolean> decisions = new ArrayList<>();
        decide(tree, decisions);
        return render(tree, decisions) + "\n";
    }

    private static String render(JsonNode tree, List<Boolean> decisions) {
        try {
            return MAPPER.writer(new CompactPrettyPrinter(decisions.iterator())).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** One decision per container, depth first: on one line or not. */
    private static void decide(JsonNode node, List<Boolean> out) {
        if (!node.isContainerNode()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new IllegalArgumentException("not a JSON number: " + node.doubleValue());
            }
            return;
        }
        int at = out.size();
        out.add(Boolean.FALSE);
        boolean scalars = true;
        for (JsonNode member : node) {
            scalars &= !member.isContainerNode();
        }
        out.set(at, node.isEmpty() || (scalars && render(node, List.of(Boolean.TRUE)).length() <= INLINE_MAX));
        for (JsonNode member : node) {
            decide(member, out);
        }
    }

    private void start(JsonGenerator g, char bracket) throws IOException {
        open.push(inline.next());
        g.writeRaw(bracket);
    }

    private void end(JsonGenerator g, char bracket, int members) throws IOException {
        boolean oneLine = open.pop();
        if (!oneLine && members > 0) {
            newLine(g);
        }
        g.writeRaw(bracket);
    }

    private void firstMember(JsonGenerator g) throws IOException {
        if (!open.peek()) {
            newLine(g);
        }
    }

    private void nextMember(JsonGenerator g) throws IOException {
        if (open.peek()) {
            g.writeRaw(", ");
        } else {
            g.writeRaw(',');
            newLine(g);
        }
    }

    /** A line break, then two spaces per open container. */
    private void newLine(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
        for (int i = 0; i < open.size(); i++) {
            g.writeRaw("  ");
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        start(g, '{');
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        firstMember(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        nextMember(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        end(g, '}', nrOfEntries);
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        start(g, '[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        firstMember(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        nextMember(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        end(g, ']', nrOfValues);
    }
}
