package dev.veille.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layout of ground_truth.json: short scalar containers on one line, the rest indented. */
class CompactPrettyPrinterTest {

    @Test
    void shortScalarContainersStayOnOneLineAndKeysKeepTheirOrder() {
        Map<String, Object> slot = new LinkedHashMap<>();
        slot.put("weekday", 3);
        slot.put("hour", 20);
        slot.put("multiplier", 1.75);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("seed", 42L);
        root.put("best_slot", slot);
        root.put("files", List.of("exports/a.csv"));
        root.put("empty_map", Map.of());
        root.put("empty_list", List.of());
        root.put("published_at", null);
        root.put("lonely", true);
        root.put("nested", List.of(slot, List.of()));
        assertThat(CompactPrettyPrinter.write(root)).isEqualTo("""
                {
                  "seed": 42,
                  "best_slot": {"weekday": 3, "hour": 20, "multiplier": 1.75},
                  "files": ["exports/a.csv"],
                  "empty_map": {},
                  "empty_list": [],
                  "published_at": null,
                  "lonely": true,
                  "nested": [
                    {"weekday": 3, "hour": 20, "multiplier": 1.75},
                    []
                  ]
                }
                """);
    }

    @Test
    void aContainerLongerThan160CharactersOnOneLineIsIndented() {
        // ["xxxx", "xxxx", ...]: 2 brackets + n * 6 quoted characters + (n - 1) * 2 separators.
        List<Object> fits = new ArrayList<>(Arrays.asList(new Object[20]));
        fits.replaceAll(x -> "xxxx");
        String oneLine = CompactPrettyPrinter.write(fits);
        assertThat(oneLine.length() - 1).isEqualTo(2 + 20 * 6 + 19 * 2).isLessThanOrEqualTo(160);
        assertThat(oneLine).doesNotContain("\n  ");
        List<Object> longer = new ArrayList<>(fits);
        longer.add("xxxx");
        String indented = CompactPrettyPrinter.write(longer);
        assertThat(indented).startsWith("[\n  \"xxxx\",\n  \"xxxx\",").endsWith("\n]\n");
    }

    @Test
    void stringsAreEscapedAndNonFiniteNumbersRefused() {
        assertThat(CompactPrettyPrinter.write(List.of("a \"quote\", a \\ and\na line", "Fête 🎉")))
                .isEqualTo("[\"a \\\"quote\\\", a \\\\ and\\na line\", \"Fête 🎉\"]\n");
        assertThatThrownBy(() -> CompactPrettyPrinter.write(List.of(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
