"""Results → plotly Figures, for the dashboard (and anyone with a notebook).

Pure functions of `advisor.decision.recommend` results: no Streamlit, no I/O. Every text shown on a
chart is either the core's own wording (option names, break-even sentences, criteria) or an
axis label; the caller adds the price source caption beside each chart. Colours come from
`palette`: fixed per cost category and per option, so a colour means the same thing in every
chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from advisor.decision.recommend import (
    PLATFORM_NAMES,
    BreakEven,
    Comparison,
    Series,
    Weights,
    option_name,
    tradeoff_score,
)
from advisor.decision.tradeoffs import CRITERIA, score
from advisor.model.costs import LineItem
from advisor.model.money import cents
from advisor.model.workload import Platform, Service, Workload
from advisor.reporting.palette import CATEGORY_COLOURS, category, option_colour, platform_colour
from advisor.reporting.payload import allocation_dicts

DIMENSION_LABELS: Mapping[str, str] = {
    "tasks": "Tasks (one steady service)",
    "hours_per_month": "Hours per month the tasks run",
    "utilization": "Average CPU and memory utilization (right-sized)",
}
HOVER_ITEMS = 8
"""Line items listed in a bar segment's hover; the rest are counted ("… and 5 more")."""
MARKER_GAP = 0.09
"""Least distance between two break-even labels on one row, as a share of the x range."""


def _money_layout(fig: go.Figure, title: str, x_title: str) -> go.Figure:
    fig.update_layout(
        title=title,
        xaxis_title=x_title,
        yaxis_title="USD per month",
        yaxis_tickprefix="$",
        yaxis_tickformat=",.0f",
        legend_title_text="",
        margin={"t": 60, "l": 10, "r": 10, "b": 10},
    )
    return fig


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hover(items: list[LineItem]) -> str:
    """The largest line items of one bar segment, one per line."""
    ordered = sorted(items, key=lambda i: -i.monthly_usd)
    lines = [f"${cents(i.monthly_usd):,.2f} {_short(i.item)}" for i in ordered[:HOVER_ITEMS]]
    if len(ordered) > HOVER_ITEMS:
        lines.append(f"… and {len(ordered) - HOVER_ITEMS} more (see the line items)")
    return "<br>".join(lines)


def monthly_cost_by_category(comparison: Comparison) -> go.Figure:
    """One bar per feasible option (cheapest first), stacked by cost category in fixed colours,
    the total above each bar and the category's largest line items on hover."""
    ranked = comparison.ranked
    options = [option_name(r.result) for r in ranked]
    grouped: dict[str, list[list[LineItem]]] = {c: [[] for _ in ranked] for c in CATEGORY_COLOURS}
    for i, ranked_option in enumerate(ranked):
        for item in ranked_option.result.line_items:
            grouped[category(item)][i].append(item)
    fig = go.Figure()
    for name, per_option in grouped.items():
        if not any(per_option):
            continue
        fig.add_trace(
            go.Bar(
                name=name,
                x=options,
                y=[cents(sum(i.monthly_usd for i in items)) for items in per_option],
                marker_color=CATEGORY_COLOURS[name],
                customdata=[_hover(items) for items in per_option],
                hovertemplate="%{x}<br><b>%{fullData.name}</b>: $%{y:,.2f}<br>%{customdata}<extra></extra>",
            )
        )
    for label, result in zip(options, (r.result for r in ranked), strict=True):
        fig.add_annotation(
            x=label,
            y=result.monthly_usd,
            text=f"${cents(result.monthly_usd):,.2f}",
            showarrow=False,
            yshift=10,
        )
    fig = _money_layout(fig, "Monthly cost per option, by category", "")
    fig.update_layout(barmode="stack", height=480, hoverlabel={"align": "left"})
    return fig


def cost_per_service(comparison: Comparison, services: Sequence[Service]) -> go.Figure:
    """Each service's monthly cost on each feasible option (the JSON `allocation`, in cents
    that add up to the option's total), one bar per option in its colour; the hover splits it
    into direct, shared (fleet hours by requests) and idle or shared overhead."""
    names = [s.name for s in services]
    fig = go.Figure()
    for ranked in comparison.ranked:
        result = ranked.result
        parts = {a["service"]: a for a in allocation_dicts(result, services)}
        fig.add_trace(
            go.Bar(
                name=option_name(result),
                x=names,
                y=[parts[n]["cost"] for n in names],
                marker_color=option_colour(result.option_id),
                customdata=[[parts[n]["direct"], parts[n]["shared"], parts[n]["idle"]] for n in names],
                hovertemplate="%{x} on %{fullData.name}: $%{y:,.2f}<br>direct $%{customdata[0]:,.2f}, "
                "shared $%{customdata[1]:,.2f}, idle and overhead $%{customdata[2]:,.2f}<extra></extra>",
            )
        )
    fig = _money_layout(fig, "Monthly cost per service, on each option", "")
    fig.update_layout(
        barmode="group", height=480, legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
    )
    return fig


def marker_rows(values: Sequence[float], span: float, gap: float = MARKER_GAP) -> list[int]:
    """A label row for each marker (in the order given) so that labels on one row are at
    least `gap` × `span` apart: close break-evens stack instead of overprinting."""
    rows = [0] * len(values)
    last: list[float] = []  # the x of the rightmost label on each row
    for i in sorted(range(len(values)), key=lambda i: values[i]):
        row = next((r for r, x in enumerate(last) if values[i] - x >= gap * span), len(last))
        if row == len(last):
            last.append(values[i])
        else:
            last[row] = values[i]
        rows[i] = row
    return rows


def value_text(dimension: str, value: float) -> str:
    """A point on a dimension as its axis shows it: `35%`, `12 tasks`, `410 h`."""
    if dimension == "utilization":
        return f"{value:.0%}"
    if dimension == "tasks":
        return f"{value:,.0f} tasks"
    if dimension == "hours_per_month":
        return f"{value:,.0f} h"
    return f"{value:,.3g}"


def workload_point(dimension: str, workload: Workload) -> float | None:
    """Where this workload sits on a sensitivity dimension (None when it does not say, e.g.
    no utilization given): the first service's peak tasks (the tasks series is for one steady
    service), the longest band's hours, the mean of the stated CPU and memory utilizations."""
    if dimension == "tasks":
        return float(workload.services[0].peak_tasks)
    if dimension == "hours_per_month":
        return max((b.hours_per_month for s in workload.services for b in s.bands), default=None)
    if dimension == "utilization":
        stated = [u for s in workload.services for u in (s.cpu_util, s.mem_util) if u is not None]
        return sum(stated) / len(stated) if stated else None
    return None


def sensitivity(
    series: Series,
    break_even: Sequence[BreakEven],
    names: Mapping[str, str],
    current: float | None = None,
) -> go.Figure:
    """Each option's monthly cost along one dimension, each break-even numbered where it flips.

    `names` maps option ids to display names (`option_name`); options infeasible at a point
    have a gap there. Break-even labels sit on as many rows as needed not to overlap; their
    sentences are the hover text (and the caller lists them under the chart, same numbers).
    `current`, when given, marks this workload's own value.
    """
    fig = go.Figure()
    for option, costs in sorted(series.costs.items()):
        if all(c is None for c in costs):
            continue
        fig.add_trace(
            go.Scatter(
                name=names.get(option, option),
                x=list(series.x),
                y=list(costs),
                mode="lines+markers",
                line={
                    "color": option_colour(option),
                    "shape": "hv" if series.dimension == "tasks" else "linear",
                },
                connectgaps=False,
            )
        )
    flips = [b for b in break_even if b.dimension == series.dimension]
    span = (max(series.x) - min(series.x)) if series.x else 1.0
    for number, (flip, row) in enumerate(
        zip(flips, marker_rows([f.value for f in flips], span), strict=True), 1
    ):
        fig.add_vline(x=flip.value, line_dash="dash", line_color="firebrick", line_width=1)
        fig.add_annotation(
            x=flip.value,
            y=1.0 - 0.08 * row,
            yref="paper",
            text=f"{number} · {value_text(series.dimension, flip.value)}",
            hovertext=flip.description,
            showarrow=False,
            bgcolor="white",
            bordercolor="firebrick",
            font={"color": "firebrick", "size": 11},
        )
    if current is not None:
        fig.add_vline(x=current, line_dash="dot", line_color="black", line_width=2)
        fig.add_annotation(
            x=current,
            y=0,
            yref="paper",
            yanchor="bottom",
            text=f"this workload: {value_text(series.dimension, current)}",
            showarrow=False,
            bgcolor="white",
        )
    label = DIMENSION_LABELS.get(series.dimension, series.dimension)
    fig = _money_layout(fig, f"Monthly cost vs {label.lower()}", label)
    if series.dimension == "utilization":
        fig.update_xaxes(tickformat=".0%")
    fig.update_layout(height=480, legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0})
    return fig


def tradeoff_radar(platforms: Sequence[Platform], weights: Weights) -> go.Figure:
    """The 1–5 scores per criterion of each platform, with the user's weights on the axes.

    The legend gives each platform's trade-off score, the weighted mean the options table
    shows as "Trade-offs" (cost excluded: it depends on the workload, not the platform).
    The caller passes only platforms with a feasible option: ruled-out ones are not drawn.
    """
    criteria = list(CRITERIA)
    labels = [f"{c.replace('_', ' ')}<br>×{weights.criteria.get(c, 0.0):g}" for c in criteria]
    fig = go.Figure()
    for platform in platforms:
        scores = [score(platform, c) for c in criteria]
        fig.add_trace(
            go.Scatterpolar(
                name=f"{PLATFORM_NAMES[platform]} — {tradeoff_score(platform, weights):.2f}",
                r=[s.score for s in scores] + [scores[0].score],
                theta=[*labels, labels[0]],
                text=[s.rationale for s in scores] + [scores[0].rationale],
                hovertemplate="%{theta}: %{r}<br>%{text}<extra>%{fullData.name}</extra>",
                line={"color": platform_colour(platform)},
                fill="toself",
                opacity=0.55,
            )
        )
    fig.update_layout(
        title="Trade-offs beyond price (1–5, higher is better; × your weight)",
        polar={"radialaxis": {"range": [0, 5], "dtick": 1}, "domain": {"x": [0.12, 0.88]}},
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "x": 0},
        height=560,
        margin={"t": 80, "l": 90, "r": 90, "b": 90},
    )
    return fig
