"""The same portfolio computation in DuckDB and in pandas, for the side-by-side in the README.

Reads transactions from a CSV (account_id,date,revenue,profit; exported from a Keyplan database
by scripts/bench.sh) and computes per account rev12, ABC tiers (share-before rule, 80/95) and
RFM scores as of a date — a subset of what `keyplan analyze` computes. Prints the wall time of
each engine's whole run (read + compute), as `engine seconds`; scripts/bench.sh also times the
whole process, as it does for `keyplan analyze`.

    python3 bench/compare.py transactions.csv 2026-11-20 [duckdb|pandas]
"""
import sys
import time

import duckdb
import numpy as np
import pandas as pd

csv, as_of = sys.argv[1], sys.argv[2]
engines = sys.argv[3:] or ["duckdb", "pandas"]

SQL = f"""
WITH t AS (SELECT * FROM read_csv('{csv}', header=true,
            columns={{'account_id':'VARCHAR','date':'DATE','revenue':'BIGINT','profit':'BIGINT'}})
           WHERE date <= DATE '{as_of}'),
m AS (SELECT account_id,
        sum(revenue) FILTER (WHERE date > DATE '{as_of}' - 365) AS rev12,
        count(DISTINCT date) FILTER (WHERE date > DATE '{as_of}' - 365) AS freq,
        DATE '{as_of}' - max(date) AS recency
      FROM t GROUP BY account_id),
r AS (SELECT *, coalesce(sum(greatest(rev12, 0)) OVER (ORDER BY rev12 DESC, account_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
        sum(greatest(rev12, 0)) OVER () AS total FROM m)
SELECT account_id, rev12,
  CASE WHEN coalesce(rev12, 0) <= 0 THEN 'C' WHEN before < 0.8 * total THEN 'A'
       WHEN before < 0.95 * total THEN 'B' ELSE 'C' END AS tier,
  ceil(5 * cume_dist() OVER (ORDER BY freq)) AS f,
  ceil(5 * cume_dist() OVER (ORDER BY rev12)) AS m,
  ceil(5 * cume_dist() OVER (ORDER BY recency DESC)) AS r
FROM r
"""


def run_duckdb():
    return duckdb.sql(SQL).fetchall()


def run_pandas():
    t = pd.read_csv(csv, dtype={"account_id": str, "revenue": np.int64, "profit": "Int64"},
                    parse_dates=["date"])
    end = pd.Timestamp(as_of)
    t = t[t.date <= end]
    last = t[t.date > end - pd.Timedelta(days=365)]
    m = pd.DataFrame({
        "rev12": last.groupby("account_id").revenue.sum(),
        "freq": last.groupby("account_id").date.nunique(),
        "recency": (end - t.groupby("account_id").date.max()).dt.days,
    }).fillna({"rev12": 0, "freq": 0})
    m = m.sort_values(["rev12"], ascending=False)
    pos = m.rev12.clip(lower=0)
    before = pos.cumsum() - pos
    total = pos.sum()
    m["tier"] = np.where(m.rev12 <= 0, "C", np.where(before < 0.8 * total, "A",
                         np.where(before < 0.95 * total, "B", "C")))
    n = len(m)
    m["f"] = np.ceil(5 * m.freq.rank(method="max") / n)
    m["m"] = np.ceil(5 * m.rev12.rank(method="max") / n)
    m["r"] = np.ceil(5 * (-m.recency).rank(method="max") / n)
    return m


for name, fn in [(e, {"duckdb": run_duckdb, "pandas": run_pandas}[e]) for e in engines]:
    start = time.perf_counter()
    out = fn()
    print(f"{name} {time.perf_counter() - start:.3f} s ({len(out)} accounts)")
