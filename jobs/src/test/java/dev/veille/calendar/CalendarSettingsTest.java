package dev.veille.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarSettingsTest {
  @TempDir
  Path dir;

  CalendarSettings load(String yaml) throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, yaml);
    return CalendarSettings.from(ConfigFile.read(f).section("calendar"));
  }

  @Test
  void defaultsWhenAbsent() throws Exception {
    assertThat(load("warehouse: w\n")).isEqualTo(CalendarSettings.DEFAULTS);
  }

  @Test
  void postsPerWeekAsANumberAMapOrAList() throws Exception {
    assertThat(load("calendar: {posts_per_week: 4}\n").postsPerWeekOf("x", "1")).isEqualTo(4);
    CalendarSettings map = load("calendar:\n  posts_per_week:\n    default: 3\n    \"instagram:42\": 7\n");
    assertThat(map.postsPerWeekOf("instagram", "42")).isEqualTo(7);
    assertThat(map.postsPerWeekOf("x", "1")).isEqualTo(3);
    CalendarSettings list = load("calendar:\n  posts_per_week:\n    - {account: \"x:1\", posts: 2}\n");
    assertThat(list.postsPerWeekOf("x", "1")).isEqualTo(2);
    assertThat(list.postsPerWeekOf("x", "2")).isNull();
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> load("calendar: {weeks: 0}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("calendar.weeks").hasMessageContaining("0");
    assertThatThrownBy(() -> load("calendar: {exploration_share: 1.5}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("calendar.exploration_share").hasMessageContaining("1.5");
    assertThatThrownBy(() -> load("calendar: {max_per_dya: 2}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("calendar.max_per_dya");
  }

  @Test
  void anOverrideForAnAccountNotConfiguredIsAnError() throws Exception {
    CalendarSettings s = load("calendar:\n  posts_per_week:\n    \"instagram:999\": 7\n");
    List<Account> accounts = List.of(new Account("instagram", "42", "maisonlune", ZoneId.of("Europe/Paris"),
        List.of("maisonlune")));
    assertThatThrownBy(() -> s.checkAccounts(accounts)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("instagram:999");
  }
}
