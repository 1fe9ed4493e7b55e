"""The dashboard's input widgets (Streamlit calls), each keyed by its `ui.state` field.

`app.py` calls these in page order; what the values mean is decided elsewhere (`ui.inputs`,
`ui.services`), so this module only lays widgets out: the services table with its key columns
first, the platform and purchase pills (full width, so labels wrap instead of clipping),
the Savings Plan discounts in place when a plan is chosen, and the settings expanders.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from advisor.decision.recommend import PLATFORM_NAMES, PURCHASE_NAMES
from advisor.decision.tradeoffs import CRITERIA
from advisor.model.assumptions import CITATIONS
from advisor.model.workload import Platform, Purchase, SupportTier
from ui import inputs, services, state
from ui.settings import ADDON_LABELS

CITED = {c.field: c for c in CITATIONS}
EDITOR_KEY = "services_editor_{}"


def assumption_input(name: str, container: Any = st, **number_kw: Any) -> None:
    """A number input for one assumption, labelled as such, with its citation."""
    cited = CITED[name]
    container.number_input(f"{cited.label} (assumption)", key=state.ASSUMPTION_PREFIX + name, **number_kw)
    container.caption(f"Assumption · {cited.source}")


def services_editor(base: pd.DataFrame, version: int) -> pd.DataFrame:
    """The services table: key columns first, defaults for new rows, blank cells blank."""
    blank = services.BLANK_ROW
    labels = services.LABELS
    number = st.column_config.NumberColumn
    return st.container(key="services_table").data_editor(
        base,
        key=EDITOR_KEY.format(version),
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        column_order=services.DISPLAY_ORDER,
        column_config={
            "name": st.column_config.TextColumn(labels["name"], width=120, help="blank: named service-N"),
            "vcpu": number(labels["vcpu"], min_value=0.0, format="%g", width=70),
            "memory_gb": number(labels["memory_gb"], min_value=0.0, format="%g", width=105),
            "tasks": number(labels["tasks"], min_value=0, step=1, default=blank["tasks"], width=70),
            "hours_per_month": number(
                labels["hours_per_month"],
                min_value=0.0,
                format="%g",
                default=blank["hours_per_month"],
                width=110,
            ),
            "spot_ok": st.column_config.CheckboxColumn(labels["spot_ok"], default=False, width=85),
            "bands": st.column_config.TextColumn(
                labels["bands"], help="TASKSxHOURS, comma-separated: 4x425,10x305"
            ),
            "runs": st.column_config.TextColumn(labels["runs"], help="RUNSxSECONDS@PEAK: 3000x120@4"),
            "storage_gb": number(
                labels["storage_gb"], min_value=0.0, format="%g", default=blank["storage_gb"]
            ),
            "arch": st.column_config.SelectboxColumn(
                labels["arch"], options=["x86_64", "arm64", "any"], default=blank["arch"]
            ),
            "os": st.column_config.SelectboxColumn(
                labels["os"], options=["linux", "windows"], default=blank["os"]
            ),
            "cpu_util": number(labels["cpu_util"], min_value=0.0, format="%.2f"),
            "mem_util": number(labels["mem_util"], min_value=0.0, format="%.2f"),
            "gpu_count": number(labels["gpu_count"], min_value=0, step=1, default=blank["gpu_count"]),
            "network_mode": st.column_config.SelectboxColumn(
                labels["network_mode"], options=["awsvpc", "bridge", "host"], default=blank["network_mode"]
            ),
            "privileged": st.column_config.CheckboxColumn(labels["privileged"], default=False),
            "daemon": st.column_config.CheckboxColumn(labels["daemon"], default=False),
        },
    )


def options_inputs(missing: list[str]) -> None:
    """Platforms, purchase options (with the Savings Plan discounts in place), what runs today,
    and the instance-type allow-list."""
    st.pills(
        "Platforms",
        [p.value for p in Platform],
        selection_mode="multi",
        key="platforms",
        format_func=lambda v: PLATFORM_NAMES[Platform(v)],
    )
    st.pills(
        "Purchase options",
        [p.value for p in Purchase],
        selection_mode="multi",
        key="purchases",
        format_func=lambda v: PURCHASE_NAMES[Purchase(v)],
        help="None selected: on-demand, plus Spot when every service is Spot OK (the CLI's default). "
        "Savings Plans alone are compared with on-demand.",
    )
    if missing:
        st.info(
            "A Savings Plan needs its discount: no offline source has real no-upfront Savings Plan "
            "rates. Set the discount you were quoted below (a fraction, e.g. 0.28 = 28 % off "
            "on-demand), or switch the price source to live and press Refresh prices. Until then "
            "those options are listed as ruled out and the others stay compared.",
            icon=":material/percent:",
        )
        columns = st.columns(len(missing))
        for column, name in zip(columns, missing, strict=True):
            assumption_input(name, column, min_value=0.0, max_value=0.99, step=0.05, placeholder="not set")
    current_col, types_col = st.columns(2)
    current_col.selectbox(
        "What runs today (optional)",
        state.OPTION_IDS,
        key="current",
        format_func=lambda v: inputs.option_label(v) if v else "not stated",
        help="The card then shows what the recommendation saves against it.",
    )
    types_col.text_input(
        "Allowed instance types or families (EC2 platforms)",
        key="instance_types",
        placeholder="every type in the region; e.g. m7g, c7g.large",
    )


def addons_expander() -> None:
    with st.expander("Add-ons: load balancers, NAT, public IPv4, logs"):
        alb_col, nat_col, other_col = st.columns(3)
        key = state.ADDON_PREFIX
        alb_col.number_input(ADDON_LABELS["alb_count"], min_value=0, step=1, key=key + "alb_count")
        alb_col.number_input("LCUs per ALB (average)", min_value=0.0, step=1.0, key=key + "alb_lcu_per_hour")
        nat_col.number_input(ADDON_LABELS["nat_gateways"], min_value=0, step=1, key=key + "nat_gateways")
        nat_col.number_input(
            "NAT data processed, GB/month", min_value=0.0, step=10.0, key=key + "nat_gb_per_month"
        )
        other_col.checkbox("Public IPv4 per task (Fargate) or instance (EC2)", key=key + "public_ipv4")
        other_col.number_input(
            "CloudWatch Logs ingested, GB/month", min_value=0.0, step=1.0, key=key + "logs_gb_per_month"
        )


def assumptions_expander(placed: list[str]) -> None:
    """Advanced assumptions; the Savings Plan discounts already shown in place are skipped."""
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
            for name in inputs.DISCOUNT_FIELDS:
                if name not in placed:
                    assumption_input(name, min_value=0.0, max_value=0.99, step=0.05, placeholder="not set")
            assumption_input("eks_cluster_share", min_value=0.01, max_value=1.0, step=0.05)
            assumption_input("management_fee_fraction", min_value=0.0, max_value=0.99, step=0.01)
            st.selectbox(
                "EKS Kubernetes version support",
                [t.value for t in SupportTier],
                key="a_eks_support",
                help="extended support adds its surcharge to the control plane",
            )
        st.number_input(
            "Right-sizing target utilization", min_value=0.1, max_value=1.0, step=0.05, key="target_util"
        )


def weights_expander() -> None:
    with st.expander("Trade-off weights and operational effort"):
        st.caption(
            "How much each criterion counts in the recommendation (0 = ignore). The score in the "
            "options table is the weighted mean of the cost score and these criteria, all 1–5."
        )
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
        ops_cols = st.columns(len(Platform) + 1)
        for col, platform in zip(ops_cols, Platform, strict=False):
            col.number_input(
                f"{PLATFORM_NAMES[platform]}, h/month", min_value=0.0, step=1.0, key=f"ops_{platform.value}"
            )
        ops_cols[-1].number_input("Engineer $/hour", min_value=0.0, step=10.0, key="a_ops_hourly_usd")
