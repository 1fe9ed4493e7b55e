"""ecs-advisor dashboard: `streamlit run app.py`.

Reads top to bottom as the page: configuration, session defaults (seeded from the URL so a
shared link reproduces the view), the price source in the sidebar, the workload form, one
call to `advisor.decision.recommend.compare`, then the results. Logic lives in `advisor` (costs,
ranking, reasons, charts) and `ui` (widget values ↔ workload dicts and URL state).
"""

from __future__ import annotations

import functools
import uuid
from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

import pricing
from advisor.cli.output import render_json
from advisor.decision.recommend import PLATFORM_NAMES, PURCHASE_NAMES, compare, option_name
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.assumptions import CITATIONS
from advisor.model.money import annual_usd, cents
from advisor.model.prices import PriceCatalog, PricingError, SourceKind
from advisor.model.workload import InvalidWorkload, Platform, Purchase, SupportTier
from advisor.reporting import charts
from advisor.reporting.payload import estimate_payload
from advisor.reporting.report import to_csv_bytes
from pricing.snapshot import snapshot_source
from ui import imports, inputs, services, state, tables

CITED = {c.field: c for c in CITATIONS}
EDITOR_KEY = "services_editor_{}"


@st.cache_resource(ttl=timedelta(hours=6), max_entries=64, show_spinner="Loading prices…")
def cached_catalog(
    source: str, region: str, snapshot_version: str, refresh_id: str, _session: Any = None
) -> PriceCatalog:
    """The price catalog, cached per (source, region, snapshot version, refresh click).

    `st.cache_resource`, not `st.cache_data`: a PriceCatalog is immutable (frozen dataclasses
    over MappingProxyType, which cannot be pickled), so one shared object is safe, and
    cache_data would pickle and copy a 1,300-instance-type catalog on every rerun.
    `snapshot_version` is only part of the key (a new snapshot invalidates the entries).
    """
    return pricing.load_catalog(source, region, session=_session, refresh=bool(refresh_id))


def md(text: str) -> str:
    """Core wording shown as markdown, with `$` escaped so amounts don't turn into LaTeX."""
    return text.replace("$", r"\$")


def request_refresh() -> None:
    st.session_state["refresh_id"] = uuid.uuid4().hex


def import_upload(regions: list[str]) -> None:
    """Upload callback: fill the form from a workload file or an ECS task definition."""
    upload = st.session_state.get("upload")
    st.session_state["import_messages"] = ()
    if upload is None:
        return
    try:
        imported = imports.import_file(upload.name, upload.getvalue(), regions)
    except (InvalidWorkload, PricingError) as err:
        st.session_state["import_messages"] = (("error", str(err)),)
        return
    st.session_state.update(imported.values)
    st.session_state["services_base"] = services.services_frame(imported.rows)
    st.session_state["services_version"] += 1  # a fresh editor: old edits referred to old rows
    st.session_state["import_messages"] = tuple(("info", note) for note in imported.notes)


def assumption_input(name: str, **number_kw: Any) -> None:
    """A number input for one assumption, labelled as such, with its citation."""
    cited = CITED[name]
    st.number_input(f"{cited.label} (assumption)", key=state.ASSUMPTION_PREFIX + name, **number_kw)
    st.caption(f"Assumption · {cited.source}")


# --- page and session defaults --------------------------------------------------------------

st.set_page_config(page_title="ecs-advisor", page_icon=":material/savings:", layout="wide")
regions = pricing.snapshot_regions()
if "services_base" not in st.session_state:  # first run of this browser session: read the URL
    url_values, url_problems = state.from_query(st.query_params.to_dict(), {"region": regions})
    try:
        url_rows = [
            services.decode_row(t, i) for i, t in enumerate(st.query_params.get_all(state.SERVICES_PARAM))
        ]
    except InvalidWorkload as err:
        url_problems.append(f"URL services ignored: {err}")
        url_rows = []
    for key, value in {**state.defaults(), **url_values}.items():
        st.session_state.setdefault(key, value)  # values set before the first run (tests) win
    st.session_state["services_base"] = services.services_frame(url_rows or services.DEFAULT_ROWS)
    st.session_state["url_problems"] = tuple(url_problems)
for key, value in {
    **state.defaults(),
    "services_version": 0,
    "refresh_id": "",
    "import_messages": (),
}.items():
    st.session_state.setdefault(key, value)

# --- sidebar: region, prices, import -------------------------------------------------------

with st.sidebar:
    st.title("ecs-advisor")
    st.caption("ECS or EKS, Fargate or EC2: what each option costs per month, line by line.")
    st.selectbox("Region", regions, key="region")
    st.segmented_control(
        "Price source",
        state.SOURCES,
        key="source",
        required=True,
        help="snapshot: the embedded offline prices. live: the AWS Price List API (needs "
        "credentials with pricing:GetProducts). auto: live, falling back to the snapshot.",
    )
    if st.session_state["source"] != "snapshot":
        st.button("Refresh prices", key="refresh", on_click=request_refresh, icon=":material/refresh:")
    snapshot_version = snapshot_source().label
    try:
        catalog = cached_catalog(
            st.session_state["source"],
            st.session_state["region"],
            snapshot_version,
            st.session_state["refresh_id"],
        )
    except PricingError as err:
        catalog = cached_catalog("snapshot", st.session_state["region"], snapshot_version, "")
        st.error(f"{err}. Showing the embedded snapshot instead: {catalog.source.caption()}.")
    else:
        if st.session_state["source"] != "snapshot" and catalog.source.kind is SourceKind.SNAPSHOT:
            st.warning(
                f"Live prices unavailable, so the embedded snapshot answers. {catalog.source.caption()}"
            )
    st.caption(catalog.source.caption())
    for problem in st.session_state["url_problems"]:
        st.warning(problem)

    st.subheader("Import")
    st.file_uploader(
        "Workload file (YAML/JSON) or ECS task definition (JSON)",
        type=["yaml", "yml", "json"],
        key="upload",
        on_change=import_upload,
        args=(regions,),
    )
    for level, message in st.session_state["import_messages"]:
        (st.error if level == "error" else st.info)(message)

# --- the workload form ----------------------------------------------------------------------

st.header("Where should these containers run on AWS?")
with st.form("workload"):
    st.subheader("Services")
    st.caption(
        "One row per service. **bands** `4x425,10x305` = 4 tasks for 425 h/month plus 10 tasks for "
        "305 h/month (replaces tasks × hours); **runs** `3000x120@4` = 3,000 runs/month of 120 s, "
        "at most 4 at once. Utilization is the average use as a fraction of the request (0–1)."
    )
    edited = st.data_editor(
        st.session_state["services_base"],
        key=EDITOR_KEY.format(st.session_state["services_version"]),
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn("Service", required=True),
            "vcpu": st.column_config.NumberColumn("vCPU", min_value=0.0, format="%g"),
            "memory_gb": st.column_config.NumberColumn("Memory GB", min_value=0.0, format="%g"),
            "tasks": st.column_config.NumberColumn("Tasks", min_value=0, step=1),
            "hours_per_month": st.column_config.NumberColumn("Hours/month", min_value=0.0, format="%g"),
            "bands": st.column_config.TextColumn("Bands", help="TASKSxHOURS, comma-separated: 4x425,10x305"),
            "storage_gb": st.column_config.NumberColumn("Storage GB", min_value=0.0, format="%g"),
            "arch": st.column_config.SelectboxColumn("Arch", options=["x86_64", "arm64", "any"]),
            "os": st.column_config.SelectboxColumn("OS", options=["linux", "windows"]),
            "cpu_util": st.column_config.NumberColumn("CPU util", min_value=0.0, format="%.2f"),
            "mem_util": st.column_config.NumberColumn("Mem util", min_value=0.0, format="%.2f"),
            "spot_ok": st.column_config.CheckboxColumn("Spot OK"),
            "runs": st.column_config.TextColumn("Runs", help="RUNSxSECONDS@PEAK: 3000x120@4"),
            "gpu_count": st.column_config.NumberColumn("GPUs", min_value=0, step=1),
            "network_mode": st.column_config.SelectboxColumn("Network", options=["awsvpc", "bridge", "host"]),
            "privileged": st.column_config.CheckboxColumn("Privileged"),
            "daemon": st.column_config.CheckboxColumn("Daemon"),
        },
    )
    platforms_col, purchases_col = st.columns(2)
    platforms_col.pills(
        "Platforms",
        [p.value for p in Platform],
        selection_mode="multi",
        key="platforms",
        format_func=lambda v: PLATFORM_NAMES[Platform(v)],
    )
    purchases_col.pills(
        "Purchase options",
        [p.value for p in Purchase],
        selection_mode="multi",
        key="purchases",
        format_func=lambda v: PURCHASE_NAMES[Purchase(v)],
        help="None selected: on-demand, plus Spot when every service is Spot OK (the CLI's default). "
        "Savings Plans need a discount assumption below, or live prices.",
    )
    st.text_input(
        "Allowed instance types or families (EC2 platforms)",
        key="instance_types",
        placeholder="every type in the region; e.g. m7g, c7g.large",
    )

    with st.expander("Add-ons: load balancers, NAT, public IPv4, logs"):
        alb_col, nat_col, other_col = st.columns(3)
        alb_col.number_input("Application Load Balancers", min_value=0, step=1, key="addon_alb_count")
        alb_col.number_input("LCUs per ALB (average)", min_value=0.0, step=1.0, key="addon_alb_lcu_per_hour")
        nat_col.number_input("NAT gateways", min_value=0, step=1, key="addon_nat_gateways")
        nat_col.number_input(
            "NAT data processed, GB/month", min_value=0.0, step=10.0, key="addon_nat_gb_per_month"
        )
        other_col.checkbox("Public IPv4 per task (Fargate) or instance (EC2)", key="addon_public_ipv4")
        other_col.number_input(
            "CloudWatch Logs ingested, GB/month", min_value=0.0, step=1.0, key="addon_logs_gb_per_month"
        )

    with st.expander("Advanced assumptions"):
        st.caption(
            "Used where no real rate or fact exists offline; each is labelled as an assumption with "
            "where its default comes from, and shows up as such in the line items."
        )
        left, middle, right = st.columns(3)
        with left:
            assumption_input("headroom", min_value=0.0, max_value=0.95, step=0.05)
            assumption_input(
                "ecs_os_memory_fraction", min_value=0.0, max_value=0.49, step=0.005, format="%.3f"
            )
            assumption_input("ecs_reserved_memory_mib", min_value=0, step=64)
            assumption_input("ebs_root_gb", min_value=0.0, max_value=16384.0, step=10.0)
        with middle:
            assumption_input("ec2_spot_discount", min_value=0.0, max_value=0.99, step=0.05)
            assumption_input("fargate_spot_discount", min_value=0.0, max_value=0.99, step=0.05)
            st.checkbox(
                "ENI trunking on ECS container instances",
                key="a_eni_trunking",
                help="awsvpc tasks per instance limited by trunk branch ENIs instead of the instance's ENIs",
            )
            st.checkbox(
                "VPC CNI prefix delegation on EKS nodes",
                key="a_prefix_delegation",
                help="max pods per node from the prefix-delegation formula instead of secondary IPs",
            )
        with right:
            for name in (
                "savings_plan_1y_discount",
                "savings_plan_3y_discount",
                "fargate_savings_plan_1y_discount",
                "fargate_savings_plan_3y_discount",
            ):
                assumption_input(name, min_value=0.0, max_value=0.99, step=0.05, placeholder="not set")
            assumption_input("eks_cluster_share", min_value=0.01, max_value=1.0, step=0.05)
            st.selectbox(
                "EKS Kubernetes version support",
                [t.value for t in SupportTier],
                key="a_eks_support",
                help="extended support adds its surcharge to the control plane",
            )
        st.number_input(
            "Right-sizing target utilization", min_value=0.1, max_value=1.0, step=0.05, key="target_util"
        )

    with st.expander("Trade-off weights and operational effort"):
        st.caption("How much each criterion counts in the recommendation (0 = ignore).")
        weight_cols = st.columns(3)
        weight_cols[0].slider("Cost", 0.0, 10.0, step=0.5, key="w_cost")
        for i, (criterion, description) in enumerate(CRITERIA.items(), start=1):
            weight_cols[i % 3].slider(
                criterion.replace("_", " ").capitalize(),
                0.0,
                10.0,
                step=0.5,
                key=f"w_{criterion}",
                help=description,
            )
        st.caption(
            "Operational effort (an assumption of yours: no published source gives these hours). "
            "With hours set, the ranking shows total cost of ownership."
        )
        ops_cols = st.columns(5)
        for col, platform in zip(ops_cols, Platform, strict=False):
            col.number_input(
                f"{PLATFORM_NAMES[platform]}, h/month", min_value=0.0, step=1.0, key=f"ops_{platform.value}"
            )
        ops_cols[4].number_input("Engineer $/hour", min_value=0.0, step=10.0, key="a_ops_hourly_usd")

    st.form_submit_button("Estimate", type="primary", key="estimate", icon=":material/calculate:")

# --- one call to the advisor ----------------------------------------------------------------

rows = services.rows_from_frame(edited)
values = st.session_state.to_dict()
params: dict[str, str | list[str]] = {**state.to_query(values)}
if [services.encode_row(r) for r in rows] != [services.encode_row(r) for r in services.DEFAULT_ROWS]:
    params[state.SERVICES_PARAM] = [services.encode_row(r) for r in rows]
st.query_params.from_dict(params)

comparison = None
try:
    workload = inputs.workload(values, rows)
    weights = inputs.weights(values)
    comparison = compare(
        workload,
        catalog,
        weights=weights,
        ops=inputs.ops_effort(values),
        target_util=values["target_util"],
    )
except (InvalidWorkload, PricingError) as err:
    st.error(str(err), icon=":material/error:")

# --- results --------------------------------------------------------------------------------

if comparison is not None:
    caption = catalog.source.caption()
    rec = comparison.recommendation
    best = next(
        (
            r.result
            for r in comparison.ranked
            if rec and (r.result.platform, r.result.purchase) == (rec.platform, rec.purchase)
        ),
        None,
    )
    if rec is None or best is None:
        st.warning("No option is feasible for this workload: see why below.", icon=":material/block:")
    else:
        with st.container(border=True, key="recommendation"):
            st.subheader(f"Recommended: {option_name(best)}")
            monthly_col, annual_col, savings_col = st.columns(3)
            monthly_col.metric("Monthly cost", f"${cents(rec.monthly_usd):,.2f}")
            annual_col.metric("Annual cost", f"${annual_usd(rec.monthly_usd):,.2f}")
            savings_col.metric(
                "Savings vs next option",
                "—" if rec.savings_vs_next_usd is None else f"${cents(rec.savings_vs_next_usd):,.2f}/month",
                delta=None if rec.savings_vs_next_pct is None else f"{rec.savings_vs_next_pct:.0%} cheaper",
            )
            st.markdown("\n".join(f"- {md(reason.message)}" for reason in rec.reasons))
            st.caption(caption)

    if comparison.break_even:
        st.subheader("Where the answer changes")
        st.markdown("\n".join(f"- {md(b.description)}" for b in comparison.break_even))
        st.caption(caption)

    payload = functools.partial(estimate_payload, workload, catalog.source, comparison)
    with st.container(horizontal=True):
        st.download_button(
            "Download JSON",
            data=lambda: render_json(payload()),
            file_name=f"ecs-advisor-{workload.region}.json",
            mime="application/json",
            key="download_json",
            on_click="ignore",
            icon=":material/data_object:",
        )
        st.download_button(
            "Download CSV report",
            data=lambda: to_csv_bytes(payload()),
            file_name=f"ecs-advisor-{workload.region}.csv",
            mime="text/csv",
            key="download_csv",
            on_click="ignore",
            icon=":material/table:",
        )

    st.subheader("Options")
    money = st.column_config.NumberColumn(format="dollar")
    st.dataframe(
        pd.DataFrame(tables.options_rows(comparison)),
        hide_index=True,
        placeholder="—",  # nothing to compare with: the last option, or no packing on Fargate
        column_config={
            "monthly_usd": st.column_config.NumberColumn("Monthly", format="dollar"),
            "annual_usd": st.column_config.NumberColumn("Annual", format="dollar"),
            "cheaper_than_next_usd": st.column_config.NumberColumn("Cheaper than next", format="dollar"),
            "tco_monthly_usd": st.column_config.NumberColumn("TCO monthly", format="dollar"),
            "vcpu_packed_pct": st.column_config.NumberColumn("vCPU packed", format="%.1f%%"),
            "memory_packed_pct": st.column_config.NumberColumn("Memory packed", format="%.1f%%"),
        },
    )
    st.caption(caption)
    ruled_out = tables.infeasible_rows(comparison)
    if ruled_out:
        st.markdown("**Ruled out**")
        st.dataframe(pd.DataFrame(ruled_out), hide_index=True)
        st.caption(caption)

    if st.toggle("Show calculations (every line item)", key="show_calc"):
        st.dataframe(
            pd.DataFrame(tables.line_item_rows(comparison)),
            hide_index=True,
            column_config={"cost": money, "rate": st.column_config.NumberColumn(format="$%g")},
        )
        st.caption(caption)

    st.subheader("Right-sizing")
    sizing_services, sizing_options = tables.rightsizing_rows(comparison)
    st.dataframe(pd.DataFrame(sizing_services), hide_index=True)
    if sizing_options:
        st.dataframe(
            pd.DataFrame(sizing_options),
            hide_index=True,
            column_config={"monthly_usd": money, "rightsized_monthly_usd": money, "savings_usd": money},
        )
    st.caption(caption)

    st.subheader("Charts")
    chart = st.segmented_control("Chart", state.CHARTS, key="chart", label_visibility="collapsed")
    if chart == "Monthly cost" and comparison.ranked:
        st.plotly_chart(charts.monthly_cost_by_item(comparison), key="chart_cost")
        st.caption(caption)
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
        current = {
            "tasks": float(workload.services[0].peak_tasks),
            "hours_per_month": max(
                (b.hours_per_month for s in workload.services for b in s.bands), default=None
            ),
        }.get(dimension)
        names = {r.option_id: option_name(r) for r in comparison.results}
        st.plotly_chart(
            charts.sensitivity(series, comparison.break_even, names, current), key="chart_sensitivity"
        )
        st.caption(caption)
    elif chart == "Trade-offs":
        st.plotly_chart(charts.tradeoff_radar(workload.platforms, weights), key="chart_radar")
        st.caption("Scores from advisor.decision.tradeoffs (qualitative, not prices). " + caption)
