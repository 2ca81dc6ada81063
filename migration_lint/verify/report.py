"""The verify report: readable (Rich) for people, JSON for machines. It decides nothing."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from ..reporters import display_path
from .runner import VerifyResult

_SIDES = {
    "migrations": "migrations produce it, the models do not",
    "models": "the models declare it, the migrations do not (alembic missed this ALTER)",
    "both": "migrations and models disagree",
}


def as_dict(result: VerifyResult) -> dict[str, object]:
    return {
        "ok": result.ok,
        "revisions": result.revisions,
        "schema": [d.as_dict() for d in result.schema],
        "problems": [{**p.as_dict(), "path": display_path(p.path)} for p in result.problems],
        "notes": result.notes,
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "pg_dump_diff": result.pg_dump_diff,
    }


def report(result: VerifyResult, fmt: str, out: TextIO, show_pg_dump: bool = False) -> None:
    if fmt == "json":
        json.dump(as_dict(result), out, indent=2)
        out.write("\n")
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print("[bold]Schema equivalence[/] (upgrade heads vs create_all + stamp heads)")
    failures = [p for p in result.problems if p.check == "schema"]
    for problem in failures:
        console.print(f"  [red]{escape(problem.message)}[/]")
    if not result.schema and not failures:
        console.print("  [green]identical[/]")
    for table, differences in groupby(result.schema, key=lambda d: d.table):
        owner = result.owners.get(table)
        console.print(
            f"  [bold]{escape(table)}[/]" + (f" [dim](plugin {owner})[/]" if owner else "")
        )
        for difference in differences:
            console.print(f"    {escape(difference.detail)}: {_SIDES[difference.side]}")
        plugin = owner or "PLUGIN"
        console.print(
            f"    [dim]next: sep alembic --plugin {plugin} revision --autogenerate "
            '-m "...", then review it[/]'
        )
    if show_pg_dump:
        if result.pg_dump_diff is None:
            console.print("  [dim]pg_dump: not PostgreSQL, or pg_dump is not on the PATH[/]")
        elif not result.pg_dump_diff:
            console.print("  pg_dump --schema-only: [green]identical[/]")
        else:
            console.print("  pg_dump --schema-only differs:")
            for line in result.pg_dump_diff:
                console.print(f"    {escape(line)}")
    for check, title in (("data", "Data survival"), ("roundtrip", "Round trip (up/down/up)")):
        problems = [p for p in result.problems if p.check == check]
        console.print(f"[bold]{title}[/] ({result.revisions} revisions)")
        if not problems:
            console.print("  [green]no problem found[/]")
        for problem in problems:
            where = f"{display_path(problem.path)}:{problem.line}" if problem.line else problem.path
            console.print(f"  [red]{problem.revision}[/] {escape(problem.message)}")
            console.print(f"    [dim]{escape(where)}[/]")
    for note in result.notes:
        console.print(f"[dim]note: {escape(note)}[/]")
    timings = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
    verdict = "[green]verified[/]" if result.ok else "[red]verification failed[/]"
    console.print(f"{verdict} ({timings})")
