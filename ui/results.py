"""The dashboard's result views (Streamlit calls): the decision card, the options table,
charts, line items, right-sizing and downloads, all for the last applied input.

Every figure and table carries the price line (`price_line`): the source, the region and
the date range of the region's rates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from advisor.cli.output import render_json
from advisor.decision.recommend import Comparison, Weights, option_name
from advisor.model.prices import PriceCatalog
from advisor.model.workload import Workload
from advisor.reporting import charts
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_csv_bytes, to_xlsx_bytes
from ui import decision, state, tables

money = st.column_config.NumberColumn(format="dollar")


def md(text: str) -> str:
    """Core wording shown as markdown, with `$` escaped so amounts don't turn into LaTeX."""
    return text.replace("$", r"\$")


def price_line(catalog: PriceCatalog) -> str:
    """`Prices: embedded snapshot …, as of 2022-11-21 to 2026-09-18 · region us-east-1`."""
    return f"{catalog.source.caption()} · region {catalog.region}"


def badges(items: Any) -> None:
    """A wrapped row of badges (`ui.decision.Badge`)."""
    with st.container(horizontal=True, gap="small"):
        for badge in items:
            st.badge(badge.label, color=badge.color, help=badge.help or None)


def recommendation_card(comparison: Comparison, current: str, line: str) -> None:
    card = decision.card(comparison, current)
    if card is None:
        st.warning("No option is feasible for this workload: see why below.", icon=":material/block:")
        return
    with st.container(border=True, key="recommendation"):
        st.subheader(f"Recommended: {card.option}")
        columns = st.columns(2 + len(card.versus))
        columns[0].metric("Monthly cost", f"${card.monthly_usd:,.2f}")
        columns[1].metric("Annual cost", f"${card.annual_usd:,.2f}", help="12 × the monthly cost shown")
        for column, delta in zip(columns[2:], card.versus, strict=True):
            column.metric(delta.label, delta.value)
            column.caption(md(delta.note))
        badges(card.badges)
        rec = comparison.recommendation
        if rec is not None:
            with st.expander("Why this option"):
                st.markdown("\n".join(f"- {md(reason.message)}" for reason in rec.reasons))
        st.caption(line)


LINE_ITEM_ORDER = (
    "option",
    "item",
    "cost",
    "link",
    "as_of",
    "confidence",
    "service",
    "quantity",
    "unit",
    "rate",
    "source",
)

SCORE_HELP = (
    "Weighted score, 1–5 (higher is better): the cost score (5 for the cheapest option, "
    "falling with the ratio to it) and the trade-off score (the radar's number for the "
    "platform), averaged with your weights."
)


def options_table(comparison: Comparison, workload: Workload, line: str) -> None:
    st.subheader("Options")
    st.container(key="options_table").dataframe(
        pd.DataFrame(tables.options_rows(comparison, workload)),
        hide_index=True,
        placeholder="—",  # nothing to compare with: the last option, or no packing on Fargate
        column_config={
            "recommended": st.column_config.TextColumn("", width=120, pinned=True),
            "option": st.column_config.TextColumn("Option", width=210, pinned=True),
            "monthly_usd": st.column_config.NumberColumn("Monthly", format="dollar", width=85),
            "completeness": st.column_config.TextColumn(
                "Complete?", width=90, help="incomplete: a rate is missing, so the total is a lower bound"
            ),
            "warnings": st.column_config.TextColumn(
                "Warnings", width=260, help="hover a cell to read it all"
            ),
            "annual_usd": st.column_config.NumberColumn("Annual", format="dollar", width=95),
            "price_rank": st.column_config.NumberColumn(
                "Price rank", width=85, help="1 = cheapest; incomplete options rank after complete ones"
            ),
            "score": st.column_config.NumberColumn("Score", format="%.2f", width=65, help=SCORE_HELP),
            "cost_score": st.column_config.NumberColumn("Cost score", format="%.2f", width="small"),
            "tradeoff_score": st.column_config.NumberColumn(
                "Trade-offs", format="%.2f", width="small", help="the radar's score for this platform (1–5)"
            ),
            "capacity": st.column_config.TextColumn("Capacity (steady, burst)", width="large"),
            "cheaper_than_next_usd": st.column_config.NumberColumn("Cheaper than next", format="dollar"),
            "tco_monthly_usd": st.column_config.NumberColumn("TCO monthly", format="dollar"),
            "vcpu_packed_pct": st.column_config.NumberColumn("vCPU packed", format="%.1f%%"),
            "memory_packed_pct": st.column_config.NumberColumn("Memory packed", format="%.1f%%"),
        },
    )
    st.caption(line)
    ruled_out = tables.infeasible_rows(comparison)
    if ruled_out:
        st.markdown("**Ruled out**")
        st.dataframe(pd.DataFrame(ruled_out), hide_index=True)
        st.caption(line)


def figure(result_key: str, name: str, build: Callable[[], Any]) -> Any:
    """A chart's Figure, built once per result and view (plotly takes ~30 ms to build one)."""
    cache = st.session_state.setdefault("figures", {})
    if cache.get("result") != result_key:
        cache.clear()
        cache["result"] = result_key
    if name not in cache:
        cache[name] = build()
    return cache[name]


def chart_view(
    result_key: str, comparison: Comparison, workload: Workload, weights: Weights, line: str
) -> None:
    st.subheader("Charts")
    chart = st.segmented_control("Chart", state.CHARTS, key="chart", label_visibility="collapsed")
    if chart == "Monthly cost" and comparison.ranked:
        fig = figure(result_key, "cost", lambda: charts.monthly_cost_by_category(comparison))
        st.plotly_chart(fig, key="chart_cost")
        st.caption("Hover a segment for its largest line items. " + line)
    elif chart == "Cost per service" and comparison.ranked:
        fig = figure(result_key, "services", lambda: charts.cost_per_service(comparison, workload.services))
        st.plotly_chart(fig, key="chart_services")
        st.caption(
            "Each option's cost allocated to the services as OpenCost does (the JSON `allocation`): "
            "a service's own items, EC2 fleet hours by requested vCPU- and GiB-hours, and idle "
            "capacity, control plane and add-ons in proportion. " + line
        )
    elif chart == "Sensitivity" and comparison.sensitivity:
        dimensions = [s.dimension for s in comparison.sensitivity if s.x]
        if st.session_state["sensitivity"] not in dimensions:
            st.session_state["sensitivity"] = dimensions[0]
        dimension = st.selectbox(
            "Dimension",
            dimensions,
            key="sensitivity",
            format_func=lambda d: charts.DIMENSION_LABELS.get(d, d),
        )
        series = next(s for s in comparison.sensitivity if s.dimension == dimension)
        names = {r.option_id: option_name(r) for r in comparison.results}
        current = charts.workload_point(dimension, workload)
        fig = figure(
            result_key, dimension, lambda: charts.sensitivity(series, comparison.break_even, names, current)
        )
        st.plotly_chart(fig, key="chart_sensitivity")
        flips = [b for b in comparison.break_even if b.dimension == dimension]
        st.markdown("\n".join(f"{i}. {md(b.description)}" for i, b in enumerate(flips, 1)))
        if current is None and dimension == "utilization":
            st.caption("Set CPU util and Mem util in the services table to mark this workload.")
        st.caption(line)
    elif chart == "Trade-offs":
        feasible = [
            p
            for p in workload.platforms
            if any(r.platform is p for r in (x.result for x in comparison.ranked))
        ]
        st.plotly_chart(
            figure(result_key, "radar", lambda: charts.tradeoff_radar(feasible, weights)), key="chart_radar"
        )
        st.caption(
            "Scores from advisor.decision.tradeoffs (qualitative, not prices); platforms with no "
            "feasible option are not drawn. " + line
        )


def details(comparison: Comparison, line: str) -> None:
    if comparison.break_even:
        st.subheader("Where the answer changes")
        st.markdown("\n".join(f"- {md(b.description)}" for b in comparison.break_even))
        st.caption(line)
    if st.toggle("Show calculations (every line item)", key="show_calc"):
        st.dataframe(
            pd.DataFrame(tables.line_item_rows(comparison)),
            hide_index=True,
            # what and how much first, then where the rate comes from: all on screen at 1400 px
            column_order=LINE_ITEM_ORDER,
            column_config={
                "option": st.column_config.TextColumn("Option", width=170),
                "item": st.column_config.TextColumn("Item", width=300),
                "cost": st.column_config.NumberColumn("Cost", format="dollar", width=80),
                "link": st.column_config.LinkColumn("Source", display_text="open", width=60),
                "as_of": st.column_config.TextColumn("As of", width=95),
                "confidence": st.column_config.TextColumn("Confidence", width=95),
                "rate": st.column_config.NumberColumn(format="$%g"),
                "source": st.column_config.TextColumn("Source (as cited)"),
            },
        )
        st.caption(line)
    st.subheader("Right-sizing")
    sizing_services, sizing_options = tables.rightsizing_rows(comparison)
    st.dataframe(pd.DataFrame(sizing_services), hide_index=True)
    if sizing_options:
        st.dataframe(
            pd.DataFrame(sizing_options),
            hide_index=True,
            column_config={"monthly_usd": money, "rightsized_monthly_usd": money, "savings_usd": money},
        )
    st.caption(line)


def downloads(workload: Workload, catalog: PriceCatalog, comparison: Comparison) -> None:
    """The JSON, CSV and Excel workbook the CLI writes for the same input, byte for byte."""
    payload: Callable[[], dict[str, Any]] = functools.partial(
        estimate_payload, workload, catalog.source, comparison
    )
    files: tuple[tuple[str, Callable[[], str | bytes], str, str, str], ...] = (
        ("Download JSON", lambda: render_json(payload()), "json", "application/json", "data_object"),
        ("Download CSV report", lambda: to_csv_bytes(payload()), "csv", "text/csv", "table"),
        (
            "Download Excel workbook",
            lambda: to_xlsx_bytes(payload()),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "grid_on",
        ),
    )
    with st.container(horizontal=True):
        for label, data, extension, mime, icon in files:
            st.download_button(
                label,
                data=data,
                file_name=f"ecs-advisor-{workload.region}.{extension}",
                mime=mime,
                key=f"download_{extension}",
                on_click="ignore",
                icon=f":material/{icon}:",
            )
