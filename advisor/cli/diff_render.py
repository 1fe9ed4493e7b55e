"""`diff` as a terminal table and as Markdown for a pull-request comment.

Both show the same cents as `--format json`: the figures come from `advisor.reporting.diff`,
which computes every difference from rounded amounts, so a reader's own subtraction agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.cli.output import render_table as text_table
from advisor.reporting.diff import SHARED, ServiceChange, WorkloadDiff


def usd(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def signed(value: float | None) -> str:
    """`+$1.50`, `-$2.00`, `$0.00` (— when there is nothing to compare)."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def price_lines(pricing: Sequence[dict[str, Any]]) -> list[str]:
    """The price source line of each region priced (as `estimate` writes it)."""
    lines = []
    for p in pricing:
        line = f"Prices: {p['source']}, as of {p['as_of']}, region {p['region']}"
        lines.append(line + (f" ({p['detail']})" if p["detail"] else ""))
    return lines


def _what(change: ServiceChange) -> str:
    if change.status == "changed":
        return "; ".join(change.changes)
    return change.after or change.before


def recommended_line(result: WorkloadDiff) -> str:
    before, after = result.recommended_before, result.recommended_after
    if before is None or after is None:
        return "Recommended: no feasible option on one side, nothing to compare"
    return (
        f"Recommended: {before[0]} {usd(before[1])} → {after[0]} {usd(after[1])}: "
        f"{signed(result.recommended_change)}/month"
    )


def per_service_rows(result: WorkloadDiff) -> tuple[list[str], list[tuple[str, list[float]]]]:
    """(columns, rows): the services that changed or whose cost moved, the shared row, and the
    total (the option's difference); each column adds up to its total to the cent."""
    columns = list(result.per_service)
    if not columns:
        return [], []
    names = list(next(iter(result.per_service.values())))
    touched = {c.name for c in result.services}
    rows = [
        (name, [result.per_service[col][name] for col in columns])
        for name in names
        if name in touched or any(result.per_service[col][name] for col in columns)
    ]
    totals = [round(sum(result.per_service[col].values()), 2) + 0.0 for col in columns]
    return columns, [*rows, ("total", totals)]


def render_table(result: WorkloadDiff, pricing: Sequence[dict[str, Any]]) -> str:
    lines = price_lines(pricing)
    lines += ["", "Services:"] if result.services else ["", "No service changed."]
    lines += [f"  {c.status:<8} {c.name}: {_what(c)}" for c in result.services]
    if result.settings:
        lines += ["Settings: " + "; ".join(result.settings)]
    rows = [
        {
            "option": o.option,
            "before_usd": o.before,
            "after_usd": o.after,
            "change": signed(o.change),
            "note": o.note,
        }
        for o in result.options
    ]
    lines += ["", text_table(rows, ("option", "before_usd", "after_usd", "change", "note"), max_width=80)]
    lines += ["", recommended_line(result)]
    columns, service_rows = per_service_rows(result)
    if service_rows:
        table = [
            {"service": name, **dict(zip(columns, map(signed, values), strict=True))}
            for name, values in service_rows
        ]
        lines += ["", "Difference per service (USD/month; (shared): instances, control plane, add-ons):"]
        lines += [text_table(table, ("service", *columns), max_width=40)]
    return "\n".join(lines)


def _md(text: str) -> str:
    """A Markdown table cell: pipes escaped, one line."""
    return " ".join(text.replace("|", "\\|").split())


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: range) -> list[str]:
    """A GitHub-flavoured Markdown table; the columns in `right` (amounts) right-aligned."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    return out + ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]


def render_markdown(result: WorkloadDiff, pricing: Sequence[dict[str, Any]], base: str, head: str) -> str:
    """A pull-request comment: the recommendation's change first, then the details."""
    before, after = result.recommended_before, result.recommended_after
    lines = ["### Monthly cost difference", ""]
    if before is None or after is None:
        lines.append("**Recommended option:** no feasible option on one side, nothing to compare.")
    else:
        lines.append(
            f"**Recommended option:** `{before[0]}` {usd(before[1])} → `{after[0]}` {usd(after[1])} "
            f"(**{signed(result.recommended_change)}**/month)"
        )
    lines.append("")
    if result.services:
        rows = [(f"`{c.name}`", c.status, _what(c)) for c in result.services]
        lines += _md_table(("Service", "Status", "What changed"), rows, range(0))
    else:
        lines.append("No service changed.")
    if result.settings:
        lines += ["", "Settings: " + _md("; ".join(result.settings))]
    options = [(o.option, usd(o.before), usd(o.after), signed(o.change), o.note) for o in result.options]
    lines += ["", *_md_table(("Option", "Before", "After", "Difference", "Note"), options, range(1, 4))]
    columns, service_rows = per_service_rows(result)
    if service_rows:
        body = [
            (name if name in (SHARED, "total") else f"`{name}`", *map(signed, values))
            for name, values in service_rows
        ]
        lines += ["", "<details><summary>Difference per service and option</summary>", ""]
        lines += _md_table(("Service", *columns), body, range(1, len(columns) + 1))
        lines += ["", "(shared): EC2 instances of a packed fleet, control planes, add-ons.", "", "</details>"]
    lines += ["", f"<sub>{_md(' · '.join(price_lines(pricing)))} · `{_md(base)}` → `{_md(head)}`</sub>", ""]
    return "\n".join(lines)
