"""pacars: the operators' command line.

It talks to the services over HTTP with an ops or admin token from PACARS_TOKEN (or
ADMIN_TOKEN), at DISPATCH_URL (default http://127.0.0.1:8002). `pacars audit verify`
instead reads each service's own database (its usual settings: INTAKE_DATABASE_URL, ...,
or DATA_DIR) and checks the audit chain end to end. Exit status: 0 fine, 1 a problem
found (a broken chain, an HTTP error), 2 bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
errors = Console(stderr=True)


class CliError(Exception):
    pass


def _client() -> httpx.Client:
    token = os.environ.get("PACARS_TOKEN") or os.environ.get("ADMIN_TOKEN")
    if not token:
        raise CliError("Set PACARS_TOKEN (an ops or admin token) or ADMIN_TOKEN.")
    base = os.environ.get("DISPATCH_URL", "http://127.0.0.1:8002").rstrip("/")
    return httpx.Client(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=120.0)


def _call(method: str, path: str, **kwargs: Any) -> Any:
    """One request, with a spinner while it waits; an error answer becomes a CliError."""
    with (
        _client() as client,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=errors,
            transient=True,
        ) as progress,
    ):
        progress.add_task(f"{method} {path}", total=None)
        try:
            answer = client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise CliError(f"dispatch is not reachable at {client.base_url}: {exc}") from exc
    if answer.status_code >= 400:
        try:
            error = answer.json()["error"]
            message = f"{error['code']}: {error['message']}"
        except Exception:
            message = answer.text[:200]
        raise CliError(f"{answer.status_code} {message}")
    return answer.json() if answer.content else None


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="right" if column[0].isdigit() else "left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def cmd_stats(args: argparse.Namespace) -> int:
    params = {k: v for k, v in (("from", args.from_), ("to", args.to)) if v}
    s = _call("GET", "/v1/stats", params=params)
    c = s["contacts"]
    _table(
        f"National statistics {s['from']} to {s['to']}",
        ["figure", "count"],
        [
            ["phone contacts", c["phone"]],
            ["online reports", c["online"]],
            ["app reports", c["app"]],
            ["contacts in all", c["total"]],
            ["assessed", s["assessed"]],
            ["passed on as intelligence", s["disseminated"]],
            ["investigations opened", s["investigations_opened"]],
            ["no further action", s["no_further_action"]],
            ["passed to another force", s["redirected"]],
            ["acknowledged within target", s["acknowledged_within_target"]],
            ["overdue now", s["overdue"]],
        ],
    )
    _table(
        "By force",
        ["force", "disseminated", "investigations", "NFA", "redirected away", "overdue"],
        [
            [
                code,
                f["disseminated"],
                f["investigations_opened"],
                f["no_further_action"],
                f["redirected_away"],
                f["overdue"],
            ]
            for code, f in s["by_force"].items()
        ],
    )
    _table(
        "Weekly",
        ["week", "phone", "online", "app", "disseminated"],
        [[w["week"], w["phone"], w["online"], w["app"], w["disseminated"]] for w in s["weekly"]],
    )
    return 0


QUEUE_COLUMNS = {
    "messages": "messages",
    "messages_ready": "ready",
    "messages_unacked": "unacked",
    "consumers": "consumers",
    "publish_rate": "publish/s",
    "deliver_rate": "deliver/s",
    "parked": "parked",
}


def cmd_queues(_: argparse.Namespace) -> int:
    queues = _call("GET", "/v1/ops/queues")
    keys = [k for k in QUEUE_COLUMNS if queues and k in queues[0]]
    source = queues[0].get("source", "amqp") if queues else ""
    # Over AMQP the broker does not say how many are unacked: shown as "?" rather than 0.
    _table(
        f"Queues (figures from {source})",
        ["queue", *(QUEUE_COLUMNS[k] for k in keys)],
        [[q["name"], *("?" if q[k] is None else q[k] for k in keys)] for q in queues],
    )
    return 0


def cmd_parked(_: argparse.Namespace) -> int:
    parked = _call("GET", "/v1/ops/parked")
    _table(
        "Parked packages",
        ["package", "force", "priority", "attempts", "parked at", "last error"],
        [
            [
                p["package_id"],
                p["force"],
                p["priority"],
                p["attempts"],
                p["parked_at"],
                p["last_error"],
            ]
            for p in parked
        ],
    )
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    answer = _call("POST", f"/v1/ops/parked/{args.package_id}/replay")
    console.print(f"package {answer['package_id']} is {answer['status']} again")
    return 0


def cmd_parked_messages(args: argparse.Namespace) -> int:
    params: dict[str, Any] = {"limit": args.limit}
    if args.queue:
        params["queue"] = args.queue
    parked = _call("GET", "/v1/ops/parked-messages", params=params)
    _table(
        "Parked messages (left in their parking queues)",
        ["queue", "event", "type", "routing key", "reason", "first parked", "deaths"],
        [
            [
                m["queue"],
                m["event_id"],
                m["type"],
                m["routing_key"],
                m["reason"],
                m["first_death_at"],
                sum(d["count"] for d in m["deaths"]),
            ]
            for m in parked
        ],
    )
    return 0


def cmd_replay_messages(args: argparse.Namespace) -> int:
    params = {"event_id": args.event_ids} if args.event_ids else None
    answer = _call("POST", f"/v1/ops/parked-messages/{args.queue}/replay", params=params)
    console.print(f"{answer['replayed']} messages put back into {answer['queue']}")
    for event_id in answer["event_ids"]:
        console.print(f"  {event_id}")
    if answer["not_found"]:
        console.print(f"not parked there: {', '.join(answer['not_found'])}")
    if answer.get("incomplete"):
        errors.print(f"[red]pacars:[/red] stopped early: {answer['incomplete']}")
        return 1
    return 0


def cmd_forces(_: argparse.Namespace) -> int:
    forces = _call("GET", "/v1/forces")
    keys = [k for k in ("code", "name", "active", "endpoint_url") if forces and k in forces[0]]
    extra = [
        k
        for k in (forces[0] if forces else {})
        if k not in keys and not isinstance(forces[0][k], (dict, list))
    ]
    _table("Forces", keys + extra, [[f.get(k) for k in keys + extra] for f in forces])
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    answer = _call("POST", "/v1/ops/retention/run", params={"dry_run": str(args.dry_run).lower()})
    verb = "would delete" if answer["dry_run"] else "deleted"
    console.print(
        f"retention {verb} {answer['reports']} reports, {answer['packages']} packages and "
        f"{answer['notices']} notices (intake and triage delete theirs on report.erased)"
    )
    return 0


async def _verify_all() -> list[tuple[str, Any]]:
    from services.dispatch.database import tables as dispatch_tables
    from services.dispatch.settings import DispatchSettings
    from services.intake.database import tables as intake_tables
    from services.intake.settings import IntakeSettings
    from services.triage.database import tables as triage_tables
    from services.triage.settings import TriageSettings
    from shared.db import Database

    results: list[tuple[str, Any]] = []
    for name, settings, tables in (
        ("intake", IntakeSettings(), intake_tables),
        ("triage", TriageSettings(), triage_tables),
        ("dispatch", DispatchSettings(), dispatch_tables),
    ):
        db = Database(settings.resolved_database_url)
        try:
            async with db.reader() as session:
                results.append((name, await tables.audit.verify(session)))
        except Exception as exc:
            results.append((name, exc))
        finally:
            await db.dispose()
    return results


def cmd_audit_verify(_: argparse.Namespace) -> int:
    with Progress(
        SpinnerColumn(), TextColumn("checking audit chains"), console=errors, transient=True
    ) as progress:
        progress.add_task("verify", total=None)
        results = asyncio.run(_verify_all())
    rows, ok = [], True
    for name, result in results:
        if isinstance(result, Exception):
            ok = False
            rows.append([name, "unreadable", "", f"{type(result).__name__}: {result}"[:200]])
            continue
        ok = ok and result.ok
        rows.append(
            [
                name,
                "intact" if result.ok else "BROKEN",
                result.entries,
                "" if result.ok else f"entry {result.first_broken_id}: {result.reason}",
            ]
        )
    _table("Audit chains", ["service", "chain", "entries read", "problem"], rows)
    return 0 if ok else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pacars", description="PACARS operations")
    sub = p.add_subparsers(dest="command", required=True)
    stats = sub.add_parser("stats", help="national statistics (GET /v1/stats)")
    stats.add_argument("--from", dest="from_", metavar="DATE", help="ISO date, inclusive")
    stats.add_argument("--to", metavar="DATE", help="ISO date, inclusive")
    stats.set_defaults(run=cmd_stats)
    sub.add_parser("queues", help="every queue's depth and rates").set_defaults(run=cmd_queues)
    sub.add_parser("parked", help="packages whose delivery gave up").set_defaults(run=cmd_parked)
    replay = sub.add_parser("replay", help="deliver a parked package again")
    replay.add_argument("package_id")
    replay.set_defaults(run=cmd_replay)
    messages = sub.add_parser(
        "parked-messages", help="messages in the parking queues (left there; no content)"
    )
    messages.add_argument("--queue", help="one queue (default: all)")
    messages.add_argument("--limit", type=int, default=100)
    messages.set_defaults(run=cmd_parked_messages)
    replay_messages = sub.add_parser(
        "replay-messages", help="put parked messages back into the queue they left"
    )
    replay_messages.add_argument("queue")
    replay_messages.add_argument(
        "--event-id", dest="event_ids", action="append", help="only this one (repeatable)"
    )
    replay_messages.set_defaults(run=cmd_replay_messages)
    sub.add_parser("forces", help="the force registry").set_defaults(run=cmd_forces)
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="what", required=True)
    audit.add_parser("verify", help="check every service's chain").set_defaults(
        run=cmd_audit_verify
    )
    retention = sub.add_parser("retention", help="deleting closed cases").add_subparsers(
        dest="what", required=True
    )
    run = retention.add_parser("run", help="run the retention job now")
    run.add_argument("--dry-run", action="store_true", help="only count what is due")
    run.set_defaults(run=cmd_retention)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CliError as exc:
        errors.print(f"[red]pacars:[/red] {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
