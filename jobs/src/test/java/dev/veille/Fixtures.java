package dev.veille;

/** Small export files with every trap in them, shared by the ingest and CLI tests. */
public final class Fixtures {
  private Fixtures() {}

  public static final String META_HEADER = "\uFEFF\"Post ID\",\"Page ID\",\"Page name\",Title,Description,"
      + "\"Publish time\",Permalink,\"Post type\",Languages,\"Funded content status\",Views,Reach,"
      + "Reactions,Comments,Shares,\"Total clicks\"\n";

  /**
   * A Meta Business Suite export: 8 records, 3 valid, 5 bad (one per reason), with a BOM, a
   * multi-line quoted caption, entities, emoji, a person's handle and a daylight-saving gap.
   */
  public static String metaCsv() {
    return META_HEADER
        // A multi-line caption with commas, doubled quotes, an entity, emoji, a hashtag and a person.
        + "1001_1,1001,Maison Lune,,\"New linen, soft as \"\"clouds\"\" ✨\nThanks @julie_m &amp; team #HomeDecor\","
        + "07/01/2026 20:00,https://fb.example/1,Videos,en,Boosted,900,N/A,120,8,5,31\n"
        // 2026-03-08 02:30 does not exist in New York (clocks jump to 03:30): moved forward.
        + "1001_2,1001,Maison Lune,Sale,Up to 30% off 🔥,03/08/2026 02:30,https://fb.example/2,Photos,fr,,,1500,\"1,234\",10,3,40\n"
        + "1001_3,1001,Maison Lune,,bad time,31/02/2026 25:61,https://fb.example/3,Photos,en,,,100,1,1,1,1\n"
        + "1001_4,1001,Maison Lune,,negative,07/02/2026 10:00,https://fb.example/4,Reels,en,,,100,-5,1,1,1\n"
        + "1001_5,1001,Maison Lune,,not a number,07/03/2026 10:00,https://fb.example/5,Links,en,,,100,12abc,1,1,1\n"
        + ",1001,Maison Lune,,no id,07/04/2026 10:00,https://fb.example/6,Text,en,,,100,1,1,1,1\n"
        + "1001_7,1001,Maison Lune,,too few fields,07/05/2026 10:00\n"
        + "1001_8,1001,Maison Lune,,a carousel,11/01/2026 09:00,https://fb.example/8,Albums,en,,,200,20,2,2,2\n";
  }

}
