"""Results → plotly Figures, for the dashboard (and anyone with a notebook).

Pure functions of `advisor.decision.recommend` results: no Streamlit, no I/O. Every text shown on a
chart is either the core's own wording (option names, break-even sentences, criteria) or an
axis label; the caller adds the price source caption beside each chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from advisor.decision.recommend import BreakEven, Comparison, Series, Weights, option_name, tradeoff_score
from advisor.decision.tradeoffs import CRITERIA, score
from advisor.model.workload import Platform

DIMENSION_LABELS: Mapping[str, str] = {
    "tasks": "Tasks (one steady service)",
    "hours_per_month": "Hours per month the tasks run",
    "utilization": "Average CPU and memory utilization (right-sized)",
}


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


def monthly_cost_by_item(comparison: Comparison) -> go.Figure:
    """One bar per feasible option (cheapest first), stacked by line item.

    Items of the same name are summed across services, so a stack reads like the AWS
    calculator's summary; the line-item table holds the per-service detail.
    """
    options = [option_name(r.result) for r in comparison.ranked]
    totals: dict[str, list[float]] = {}
    for i, ranked in enumerate(comparison.ranked):
        for item in ranked.result.line_items:
            totals.setdefault(item.item, [0.0] * len(options))[i] += float(item.monthly_usd)
    fig = go.Figure(
        [
            go.Bar(
                name=item,
                x=options,
                y=[round(v, 2) for v in values],
                hovertemplate="%{x}<br>%{fullData.name}: $%{y:,.2f}<extra></extra>",
            )
            for item, values in totals.items()
        ]
    )
    fig = _money_layout(fig, "Monthly cost per option, by line item", "")
    # Line-item labels are long (they say what was counted): the legend goes below the bars.
    fig.update_layout(
        barmode="stack",
        height=460 + 22 * len(totals),
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
    )
    return fig


def sensitivity(
    series: Series,
    break_even: Sequence[BreakEven],
    names: Mapping[str, str],
    current: float | None = None,
) -> go.Figure:
    """Each option's monthly cost along one dimension, break-evens marked where it flips.

    `names` maps option ids to display names (`option_name`); options infeasible at a
    point have a gap there. `current`, when given, marks the workload's own value.
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
                line_shape="hv" if series.dimension == "tasks" else "linear",
                connectgaps=False,
            )
        )
    for flip in (b for b in break_even if b.dimension == series.dimension):
        fig.add_vline(
            x=flip.value,
            line_dash="dash",
            line_color="firebrick",
            annotation_text=f"break-even {flip.value:,.3g}",
            annotation_hovertext=flip.description,
            annotation_position="top left",
        )
    if current is not None:
        fig.add_vline(x=current, line_dash="dot", line_color="gray", annotation_text="this workload")
    label = DIMENSION_LABELS.get(series.dimension, series.dimension)
    fig = _money_layout(fig, f"Monthly cost vs {label.lower()}", label)
    if series.dimension == "utilization":
        fig.update_xaxes(tickformat=".0%")
    return fig


def tradeoff_radar(platforms: Sequence[Platform], weights: Weights) -> go.Figure:
    """The 1–5 scores per criterion of each platform, with the user's weights on the axes.

    The legend gives each platform's weighted trade-off score (cost excluded: it depends on
    the workload, not the platform).
    """
    criteria = list(CRITERIA)
    labels = [f"{c.replace('_', ' ')} ×{weights.criteria.get(c, 0.0):g}" for c in criteria]
    fig = go.Figure()
    for platform in platforms:
        scores = [score(platform, c) for c in criteria]
        fig.add_trace(
            go.Scatterpolar(
                name=f"{platform.value} ({tradeoff_score(platform, weights):.2f})",
                r=[s.score for s in scores] + [scores[0].score],
                theta=[*labels, labels[0]],
                text=[s.rationale for s in scores] + [scores[0].rationale],
                hovertemplate="%{theta}: %{r}<br>%{text}<extra>%{fullData.name}</extra>",
                fill="toself",
                opacity=0.55,
            )
        )
    fig.update_layout(
        title="Trade-offs beyond price (1–5, higher is better; axis labels show your weights)",
        polar={"radialaxis": {"range": [0, 5], "dtick": 1}},
        margin={"t": 60, "l": 40, "r": 40, "b": 20},
    )
    return fig
