package dev.veille.common;

import java.time.ZoneId;
import java.util.List;

/**
 * One of the brand's own accounts, from the config: its audience time zone decides what "Tuesday
 * 20:00" means in every report, and its handles are never pseudonymised (they are the brand's).
 */
public record Account(String platform, String id, String name, ZoneId timezone, List<String> handles)
    implements java.io.Serializable {
  public Account {
    handles = List.copyOf(handles);
  }
}
