"""A loopback SQL Statement Execution API (databricks-mlflow-api.md §6) over a local PySpark session.

Databricks SQL is Spark SQL, so the statements the bot sends must run here unchanged. Started by
test/support/spark-sql-shim.ts, which reads the one JSON line this prints on stdout once Spark is
up and the port is bound: {"port": N}. Exits when stdin closes, so a dead test worker leaves no
Spark JVM behind (the JVM in turn exits when its Python driver goes).

Env: SHIM_TOKEN (the bearer token), SHIM_WAREHOUSE (spark.sql.warehouse.dir), SHIM_CHUNK_ROWS
(rows per result chunk), SHIM_DRIVER_MEMORY, SHIM_LOG=1 (one stderr line per statement).
"""

import datetime
import json
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

TOKEN = os.environ["SHIM_TOKEN"]
CHUNK_ROWS = int(os.environ.get("SHIM_CHUNK_ROWS", "50000"))
# Databricks fails an INLINE result above 25 MiB; so does the shim, so a query that only works
# because the test data is small is caught here rather than in production.
INLINE_LIMIT = 25 * 1024 * 1024
LOG = os.environ.get("SHIM_LOG") == "1"


def exit_when_parent_goes():
    sys.stdin.read()
    os._exit(0)


# Watch from the start: Spark's start-up takes long enough for a parent to die meanwhile.
threading.Thread(target=exit_when_parent_goes, daemon=True).start()

spark = (
    SparkSession.builder.master("local[2]")  # the test machine has 2 cores
    .appName("sql-statements-shim")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .config("spark.sql.session.timeZone", "UTC")  # Databricks SQL warehouses default to UTC
    .config("spark.sql.warehouse.dir", os.environ["SHIM_WAREHOUSE"])
    .config("spark.driver.memory", os.environ.get("SHIM_DRIVER_MEMORY", "1g"))
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")

# Two statements at a time: the bot loads the reference and current windows in parallel.
pool = ThreadPoolExecutor(max_workers=2)
statements = {}


def parse_value(value, type_name):
    """Named parameter values travel as strings; the type says how Databricks reads them."""
    if value is None:
        return None
    t = (type_name or "STRING").upper()
    if t in ("INT", "BIGINT", "SMALLINT", "TINYINT"):
        return int(value)
    if t in ("DOUBLE", "FLOAT"):
        return float(value)
    if t.startswith("DECIMAL"):
        return decimal.Decimal(value)
    if t == "BOOLEAN":
        return value.lower() == "true"
    if t == "DATE":
        return datetime.date.fromisoformat(value[:10])
    if t == "TIMESTAMP":
        ts = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return ts if ts.tzinfo else ts.replace(tzinfo=datetime.timezone.utc)
    return value


def rendered(df):
    """Each row as one JSON_ARRAY text, rendered by Spark: strings or null per cell. Python then
    only joins texts, which keeps a 400k-row result from costing minutes of Python. DOUBLE cells
    come from Java's Double.toString, which round-trips exactly (the 1e-12 comparisons rely on it)."""
    df = df.toDF(*[f"c{i}" for i in range(len(df.columns))])  # duplicate names are legal in SQL
    cells = []
    for f in df.schema.fields:
        c, t = F.col(f.name), f.dataType.typeName()
        if t == "timestamp":
            c = F.date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")  # the session time zone is UTC
        elif t in ("array", "map", "struct"):
            c = F.to_json(c)
        cells.append(c.cast("string"))
    return df.select(F.to_json(F.array(*cells)))


TYPE_NAMES = {"bigint": "LONG", "int": "INT", "smallint": "SHORT", "tinyint": "BYTE"}


class Statement:
    def __init__(self, body):
        self.id = str(uuid.uuid4())
        self.state = "PENDING"
        self.error = None
        self.columns = []
        self.rows = []
        self.truncated = False
        self.disposition = body.get("disposition", "INLINE")
        self.row_limit = body.get("row_limit")
        self.text = body["statement"]
        self.args = {
            p["name"]: parse_value(p.get("value"), p.get("type")) for p in body.get("parameters") or []
        }

    def run(self):
        if self.state == "CANCELED":
            return
        self.state = "RUNNING"
        sc = spark.sparkContext
        sc.setJobGroup(self.id, self.text[:80], interruptOnCancel=True)  # so cancel can stop it
        started = time.monotonic()
        try:
            df = spark.sql(self.text, args=self.args)
            if self.row_limit is not None:
                df = df.limit(int(self.row_limit) + 1)
            rows = [r[0] for r in rendered(df).collect()]
            if self.row_limit is not None and len(rows) > int(self.row_limit):
                rows, self.truncated = rows[: int(self.row_limit)], True
            self.columns = [
                {
                    "name": f.name,
                    "position": i,
                    "type_name": TYPE_NAMES.get(f.dataType.simpleString(), f.dataType.typeName().upper()),
                    "type_text": f.dataType.simpleString().upper(),
                }
                for i, f in enumerate(df.schema.fields)
            ]
            self.rows = rows
            if self.disposition == "INLINE" and sum(len(r) + 1 for r in rows) > INLINE_LIMIT:
                raise RuntimeError(
                    "[RESULT_TOO_LARGE] INLINE results are limited to 25 MiB; use EXTERNAL_LINKS"
                )
            if self.state != "CANCELED":
                self.state = "SUCCEEDED"
        except Exception as e:  # a SQL error is a FAILED statement, never a shim crash
            if self.state != "CANCELED":
                self.rows, self.state = [], "FAILED"
                sql_state = getattr(e, "getSqlState", lambda: None)() or "42000"
                self.error = {"error_code": "BAD_REQUEST", "message": str(e).strip(), "sql_state": sql_state}
        if LOG:  # where a slow test or bench spends its time: Spark, or the transfer after it
            first_line = " ".join(self.text.split())[:70]
            print(f"[shim] {self.state} {time.monotonic() - started:.1f}s {len(self.rows)} rows: {first_line}", file=sys.stderr, flush=True)

    def cancel(self):
        self.state = "CANCELED"
        spark.sparkContext.cancelJobGroup(self.id)

    def chunk(self, index, base):
        start = index * CHUNK_ROWS
        rows = self.rows[start : start + CHUNK_ROWS]
        data = {"chunk_index": index, "row_offset": start, "row_count": len(rows)}
        if start + CHUNK_ROWS < len(self.rows):
            data["next_chunk_index"] = index + 1
            data["next_chunk_internal_link"] = (
                f"/api/2.0/sql/statements/{self.id}/result/chunks/{index + 1}?row_offset={start + CHUNK_ROWS}"
            )
        if self.disposition == "EXTERNAL_LINKS":
            # Pre-signed-URL stand-in: served without auth, like cloud storage.
            expiration = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).isoformat()
            link = {**data, "external_link": f"{base}/external/{self.id}/{index}", "expiration": expiration}
            return {"external_links": [link]}
        return {**data, "data_array": Raw("[" + ",".join(rows) + "]")}

    def response(self, base):
        out = {"statement_id": self.id, "status": {"state": self.state}}
        if self.state == "FAILED":
            out["status"]["error"] = {k: self.error[k] for k in ("error_code", "message")}
            out["status"]["sql_state"] = self.error["sql_state"]
        if self.state == "SUCCEEDED":
            chunks = max(1, -(-len(self.rows) // CHUNK_ROWS))
            out["manifest"] = {
                "format": "JSON_ARRAY",
                "schema": {"column_count": len(self.columns), "columns": self.columns},
                "total_chunk_count": chunks,
                "total_row_count": len(self.rows),
                "truncated": self.truncated,
            }
            out["result"] = self.chunk(0, base)
        return out


class Raw:
    """JSON text rendered already (a chunk's rows), spliced into a response as it is."""

    def __init__(self, text):
        self.text = text


def dumps(body):
    if isinstance(body, Raw):
        return body.text
    raws = []

    def placeholder(o):
        if not isinstance(o, Raw):
            raise TypeError(f"cannot serialize {type(o)}")
        raws.append(o.text)
        return f"\0raw{len(raws) - 1}\0"

    text = json.dumps(body, default=placeholder)
    for i, raw in enumerate(raws):
        text = text.replace(f'"\\u0000raw{i}\\u0000"', raw, 1)
    return text


def wait_seconds(text):
    """`wait_timeout` is "0s" (async) or "5s"-"50s"; the default is 10 s (hybrid mode)."""
    if text is None:
        return 10.0
    seconds = int(str(text).rstrip("s"))
    if seconds != 0 and not 5 <= seconds <= 50:
        raise ValueError("wait_timeout must be 0s or between 5s and 50s")
    return float(seconds)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the test reads results, not access logs
        pass

    def send(self, status, body):
        raw = dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def error(self, status, code, message):
        self.send(status, {"error_code": code, "message": message})

    def route(self, method):
        # Read the body before any answer, even a 401: unread bytes would corrupt the next
        # request on this keep-alive connection.
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        path = urlparse(self.path).path.rstrip("/").split("/")[1:]
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path[:1] == ["external"] and method == "GET":
            s = statements.get(path[1])
            if not s:
                return self.error(404, "RESOURCE_DOES_NOT_EXIST", "No such result")
            start = int(path[2]) * CHUNK_ROWS
            return self.send(200, Raw("[" + ",".join(s.rows[start : start + CHUNK_ROWS]) + "]"))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.error(401, "UNAUTHENTICATED", "Invalid access token.")
        if path[:4] != ["api", "2.0", "sql", "statements"]:
            return self.error(404, "ENDPOINT_NOT_FOUND", f"No API found for '{method} {self.path}'")
        body = json.loads(raw_body or b"{}")
        rest = path[4:]
        if method == "POST" and not rest:
            return self.execute(body, base)
        s = statements.get(rest[0]) if rest else None
        if not s:
            return self.error(404, "RESOURCE_DOES_NOT_EXIST", "No such statement")
        if method == "GET" and len(rest) == 1:
            return self.send(200, s.response(base))
        if method == "GET" and len(rest) == 4 and rest[1:3] == ["result", "chunks"]:
            return self.send(200, s.chunk(int(rest[3]), base))
        if method == "POST" and rest[1:] == ["cancel"]:
            s.cancel()
            return self.send(200, {})
        return self.error(404, "ENDPOINT_NOT_FOUND", f"No API found for '{method} {self.path}'")

    def execute(self, body, base):
        if not isinstance(body.get("warehouse_id"), str) or not isinstance(body.get("statement"), str):
            return self.error(400, "INVALID_PARAMETER_VALUE", "warehouse_id and statement are required")
        on_timeout = body.get("on_wait_timeout", "CONTINUE")
        if on_timeout not in ("CONTINUE", "CANCEL"):
            return self.error(400, "INVALID_PARAMETER_VALUE", "on_wait_timeout must be CONTINUE or CANCEL")
        try:
            wait = wait_seconds(body.get("wait_timeout"))
            s = Statement(body)
        except (ValueError, KeyError) as e:
            return self.error(400, "INVALID_PARAMETER_VALUE", str(e))
        statements[s.id] = s
        future = pool.submit(s.run)
        try:
            future.result(timeout=wait)
        except FutureTimeout:
            if on_timeout == "CANCEL":
                s.cancel()
        return self.send(200, s.response(base))

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
