"""Turn a run's figures into target checks, a Markdown table and result files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from bench.settings import RESULTS

#: The targets of issue 23 (2 workers, 16 connections; the PDFs at one connection).
#: Pages with a throughput target also have the tighter p95.
MIN_RATIO = {"logbook_week": 0.12, "brochure": 0.12, "home": 0.06, "talk_prepare": 0.06}
SIMPLE_P95_MS = 50.0
MAX_P95_MS = 100.0
MAX_PDF_P50_MS = 60.0
MAX_QUERIES = 10
MAX_WEIGHT = 60 * 1024
MAX_LARGE_FACTOR = 1.3
#: Yardsticks: measured, compared with, never judged.
YARDSTICKS = ("hello", "peer")


def ms(microseconds: float) -> float:
    """Return milliseconds, rounded."""
    return round(microseconds / 1000, 1)


def evaluate(results: dict[str, Any], baseline: dict[str, Any] | None) -> dict[str, list[str]]:
    """Return, per page, the targets it misses (an empty list: all met)."""
    pages = results["pages"]
    hello = pages.get("hello", {}).get("rps") or 0
    peer = pages.get("peer", {}).get("rps") or 0
    misses: dict[str, list[str]] = {}
    for name, row in pages.items():
        if name == "hello":
            continue
        row["ratio"] = round(row["rps"] / hello, 3) if hello else None
        row["peer_ratio"] = round(row["rps"] / peer, 2) if peer else None
        if name in YARDSTICKS:
            continue
        missed = []
        if name.endswith("_pdf"):
            if ms(row["p50_us"]) >= MAX_PDF_P50_MS:
                missed.append(f"p50 {ms(row['p50_us'])} ms >= {MAX_PDF_P50_MS:.0f} ms")
        else:
            least = MIN_RATIO.get(name)
            if least is not None and row["ratio"] is not None and row["ratio"] < least:
                missed.append(f"throughput {row['ratio']:.1%} of hello < {least:.0%}")
            limit = SIMPLE_P95_MS if least is not None else MAX_P95_MS
            if ms(row["p95_us"]) >= limit:
                missed.append(f"p95 {ms(row['p95_us'])} ms >= {limit:.0f} ms")
            if row.get("page_weight", 0) >= MAX_WEIGHT:
                missed.append(f"weight {row['page_weight']} B >= 60 KB")
        if row.get("queries", 0) > MAX_QUERIES:
            missed.append(f"{row['queries']} SQL statements > {MAX_QUERIES}")
        if row.get("queries_constant") is False:
            missed.append(f"statements vary with data: {row['queries_by_data']}")
        if row.get("errors_status") or row.get("errors_timeout"):
            missed.append(f"{row['errors_status']} non-2xx, {row['errors_timeout']} timeouts")
        if baseline and name in baseline.get("pages", {}):
            before = baseline["pages"][name]["p95_us"]
            factor = row["p95_us"] / before if before else 0
            row["p95_vs_baseline"] = round(factor, 2)
            if factor > MAX_LARGE_FACTOR:
                missed.append(f"p95 {factor:.2f}x the baseline > {MAX_LARGE_FACTOR}x")
        misses[name] = missed
    return misses


def markdown(results: dict[str, Any]) -> str:
    """Return the results as a Markdown table with a heading line."""
    settings = results["settings"]
    data = settings["dataset"]
    lines = [
        f"**{settings['database']}, {data['employees']} employees, {data['days']} days**, "
        f"{settings['workers']} gunicorn workers, wrk -t{settings['threads']} "
        f"-c{settings['connections']} -d{settings['duration_s']}s, "
        f"{results['date']}, commit {results['machine']['commit'][:10]}",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | × hello | × peer | SQL | bytes | +CSS/JS "
        "| targets |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for name, row in results["pages"].items():
        missed = results.get("targets", {}).get(name, [])
        verdict = "—" if name in YARDSTICKS else ("met" if not missed else "; ".join(missed))
        ratio = f"{row['ratio']:.3f}" if row.get("ratio") is not None else "1.000"
        peer = f"{row['peer_ratio']:.2f}" if row.get("peer_ratio") is not None else ""
        queries = row.get("queries", "")
        if row.get("queries_by_data") and not row.get("queries_constant"):
            queries = "/".join(str(v) for v in row["queries_by_data"].values())
        per_request = round(row["bytes"] / row["requests"]) if row.get("requests") else ""
        conns = f" (c{row['connections']})" if row["connections"] != settings["connections"] else ""
        lines.append(
            f"| {name}{conns} | {row['rps']:.0f} | {ms(row['p50_us'])} | {ms(row['p95_us'])} | "
            f"{ms(row['p99_us'])} | {ratio} | {peer} | {queries} | "
            f"{row.get('bytes', per_request)} | {row.get('asset_bytes', '')} | {verdict} |"
        )
    log = results.get("server_log", {})
    lines += [
        "",
        f"Server log: {log.get('database_is_locked', 0)} 'database is locked', "
        f"{log.get('tracebacks', 0)} tracebacks, {log.get('worker_timeouts', 0)} worker timeouts. "
        f"Run took {results['seconds']} s.",
    ]
    return "\n".join(lines) + "\n"


def write_results(results: dict[str, Any], label: str = "") -> list[Path]:
    """Write <db>-<N>e[-label].json/.md and copies as latest.json/.md; return the paths."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    settings = results["settings"]
    stem = f"{settings['database']}-{settings['dataset']['employees']}e"
    if label:
        stem += f"-{label}"
    written = []
    for suffix, content in (
        (".json", json.dumps(results, indent=1, default=str)),
        (".md", markdown(results)),
    ):
        path = RESULTS / f"{stem}{suffix}"
        path.write_text(content)
        shutil.copyfile(path, RESULTS / f"latest{suffix}")
        written.append(path)
    return written
