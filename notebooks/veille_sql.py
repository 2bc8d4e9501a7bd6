"""Query a Veille warehouse from a notebook: `bin/veille sql` as CSV into pandas.

Needs only pandas (Debian: python3-pandas) and a Java 17 that runs bin/veille. Every query runs
in the same read-only views as `bin/veille sql` (see `bin/veille tables`); `post_rates` holds
each post's engagement rate computed by the report's own code, so notebooks never define their own.

    from veille_sql import sql, sql_many
    sql("SELECT platform, count(*) AS n FROM posts GROUP BY platform")
    frames = sql_many(posts="SELECT ...", rates="SELECT ...")   # one JVM for all of them

Environment: VEILLE_CONFIG (default: the bundled sample's data-samples/veille.yaml) and
VEILLE_WAREHOUSE (overrides the config's warehouse).
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(os.environ.get("VEILLE_CONFIG", ROOT / "data-samples" / "veille.yaml"))
WAREHOUSE = os.environ.get("VEILLE_WAREHOUSE")

# Columns that hold instants (ISO-8601 UTC), dates, and JSON arrays in the CSV output.
INSTANTS = {"published_at", "observed_at", "created_at", "scored_at", "linked_at", "assigned_at", "raised_at",
            "window_start", "window_end"}
DATES = {"local_date", "date", "week"}
ARRAYS = {"hashtags", "mentions", "terms", "top_terms", "top_hashtags", "representative_post_keys"}


class VeilleError(RuntimeError):
    """A query that bin/veille refused or could not run; the message is its `veille:` line."""


def sql(query, **read_csv):
    """The result of one query as a DataFrame."""
    return sql_many(result=query, **read_csv)["result"]


def sql_many(**queries):
    """Several named queries in one run of bin/veille (one JVM): {name: DataFrame}."""
    names = list(queries)
    with tempfile.TemporaryDirectory(prefix="veille-sql-") as out:
        cmd = [str(ROOT / "bin" / "veille"), "sql", "--config", str(CONFIG), "--format", "csv", "--out-dir", out]
        if WAREHOUSE:
            cmd += ["--warehouse", WAREHOUSE]
        run = subprocess.run(cmd + [queries[n] for n in names], cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            said = [line for line in run.stderr.splitlines() if line.startswith("veille:")]
            raise VeilleError(" ".join(said) or run.stderr[-2000:])
        return {n: _read(Path(out) / f"{i + 1}.csv") for i, n in enumerate(names)}


def _read(path):
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for c in df.columns:
        if c in INSTANTS or c.endswith("_at"):
            df[c] = _instants(df[c])
        elif c in DATES:
            df[c] = pd.to_datetime(df[c])
        elif c in ARRAYS:
            df[c] = df[c].map(lambda v: json.loads(v) if isinstance(v, str) else [])
    return df


def _instants(column):
    try:  # pandas 2 parses mixed precision (with and without fractions of a second) only when told ISO
        return pd.to_datetime(column, utc=True, format="ISO8601")
    except (TypeError, ValueError):
        return pd.to_datetime(column, utc=True)
