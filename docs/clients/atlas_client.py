"""Reading Atlas analyst SQL answers from Python (docs/clients.md). Needs pyarrow; polars and pandas are optional.

    ATLAS_URL=https://atlas.example.org ATLAS_TOKEN=atl_... python atlas_client.py
"""
import io
import json
import os
import urllib.request

import pyarrow as pa
import pyarrow.parquet as pq

URL = os.environ.get("ATLAS_URL", "http://127.0.0.1:8080")
TOKEN = os.environ["ATLAS_TOKEN"]


def post(path: str, body: dict) -> bytes:
    """POST JSON with the token (a bearer token is also the same-origin proof for POST)."""
    req = urllib.request.Request(
        URL + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as res:
        return res.read()


def sql(query: str, **params: str) -> pa.Table:
    """An analyst query as an Arrow table, exact types kept (BIGINT int64, DECIMAL decimal128, LIST list, ...)."""
    return pa.ipc.open_stream(post("/api/sql", {"sql": query, "params": params})).read_all()


def export_parquet(query: str) -> pa.Table:
    """The whole result (no row cap) as a Parquet file, read into Arrow."""
    return pq.read_table(io.BytesIO(post("/api/sql/export", {"sql": query, "format": "parquet"})))


if __name__ == "__main__":
    t = sql(
        "SELECT period_month, sum(calls) AS calls, sum(amount_cny) AS amount_cny, "
        "9007199254740993::BIGINT AS big, [1, 2] AS xs FROM usage WHERE provider_region_code = $region "
        "GROUP BY ALL ORDER BY 1",
        region="510000",
    )
    print(t.schema)
    assert t.column("big")[0].as_py() == 9007199254740993
    print(t.slice(0, 3).to_pylist())

    try:
        import polars as pl

        df = pl.from_arrow(t)
        print(df.head(3))
        assert df["big"][0] == 9007199254740993
    except ImportError:
        pass
    try:
        import pandas  # noqa: F401

        pdf = t.to_pandas()
        print(pdf.head(3))
        assert int(pdf["big"][0]) == 9007199254740993
    except ImportError:
        pass

    p = export_parquet("SELECT provider_region_code, sum(calls) AS calls FROM usage GROUP BY ALL ORDER BY 1")
    print(p.schema)
    print("ok")
