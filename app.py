"""ecs-advisor dashboard: `streamlit run app.py`.

Reads top to bottom as the page: configuration, session defaults (seeded from the URL so a
shared link reproduces the view), the price source in the sidebar, the inputs, the Estimate
button, one call to `advisor.decision.recommend.compare`, then the results. Logic lives in
`advisor` (costs, ranking, reasons, charts) and `ui` (widget values ↔ workload dicts, URL
state, table rows, messages); `ui.form` and `ui.results` lay the widgets and views out.

Inputs apply when Estimate is pressed (or a file is imported): until then the page says
that there are unapplied changes, and results stay those of the last valid input, marked
stale while the current input has errors.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import streamlit as st

import pricing
from advisor.decision.recommend import Comparison, Weights, compare
from advisor.model.checks import InvalidWorkload
from advisor.model.prices import PriceCatalog, PricingError, SourceKind
from advisor.model.workload import Workload
from advisor.reporting.coverage import region_label
from pricing.snapshot import snapshot_source
from ui import form, imports, inputs, messages, results, services, settings, state


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


@st.cache_resource(show_spinner=False)
def cached_regions(snapshot_version: str) -> tuple[list[str], dict[str, frozenset[str]]]:
    """The snapshot's regions and each one's rate keys, read once per snapshot (reading them
    takes ~60 ms, which every rerun would pay)."""
    return pricing.snapshot_regions(), pricing.snapshot_rate_keys()


@dataclass(frozen=True, slots=True)
class Result:
    """The last valid estimate: the inputs it was made from and what the advisor said."""

    key: str
    applied: dict[str, Any]
    workload: Workload
    weights: Weights
    comparison: Comparison
    catalog: PriceCatalog


def request_refresh() -> None:
    st.session_state["refresh_id"] = uuid.uuid4().hex


def request_estimate() -> None:
    st.session_state["apply"] = True
    st.session_state["upload_error"] = ""  # the form's input replaces a failed upload's


def load_catalog(region: str) -> tuple[PriceCatalog, str, str]:
    """The catalog for the chosen source, the snapshot when that fails: (catalog, error, warning)."""
    version = snapshot_source().label
    source = st.session_state["source"]
    try:
        catalog = cached_catalog(source, region, version, st.session_state["refresh_id"])
    except PricingError as err:
        catalog = cached_catalog("snapshot", region, version, "")
        return catalog, f"{err}. Showing the embedded snapshot instead: {catalog.source.caption()}.", ""
    if source != "snapshot" and catalog.source.kind is SourceKind.SNAPSHOT:
        return (
            catalog,
            "",
            f"Live prices unavailable, so the embedded snapshot answers. {catalog.source.caption()}",
        )
    return catalog, "", ""


def import_upload(regions: list[str]) -> None:
    """Upload callback: fill the form from a workload file or an ECS task definition, and apply it."""
    upload = st.session_state.get("upload")
    st.session_state["import_messages"] = ()
    st.session_state["upload_error"] = ""
    if upload is None:
        return
    try:
        imported = imports.import_file(upload.name, upload.getvalue(), regions)
    except InvalidWorkload as err:
        st.session_state["upload_error"] = messages.upload_error(err, upload.name)
        return
    except PricingError as err:
        st.session_state["upload_error"] = f"{upload.name}: {err}"
        return
    st.session_state.update(imported.values)
    st.session_state["services_base"] = services.services_frame(imported.rows)
    st.session_state["services_version"] += 1  # a fresh editor: old edits referred to old rows
    st.session_state["import_messages"] = imported.notes
    st.session_state["apply"] = True


def estimate(applied: dict[str, Any], catalog: PriceCatalog) -> Result:
    """Price the applied input; InvalidWorkload / PricingError when the core refuses it."""
    values, rows = applied["values"], applied["rows"]
    workload = inputs.workload(values, rows)
    weights = inputs.weights(values)
    comparison = compare(
        workload, catalog, weights=weights, ops=inputs.ops_effort(values), target_util=values["target_util"]
    )
    key = json.dumps(applied, sort_keys=True, default=str) + catalog.source.caption()
    return Result(key, applied, workload, weights, comparison, catalog)


# --- page and session defaults --------------------------------------------------------------

st.set_page_config(page_title="ecs-advisor", page_icon=":material/savings:", layout="wide")
regions, rate_keys = cached_regions(snapshot_source().label)
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
    "upload_error": "",
    "result": None,
}.items():
    st.session_state.setdefault(key, value)
apply = bool(st.session_state.pop("apply", False)) or st.session_state["result"] is None

# --- sidebar: region, prices, import -------------------------------------------------------

with st.sidebar:
    st.title("ecs-advisor")
    st.caption("ECS or EKS, Fargate or EC2: what each option costs per month, line by line.")
    st.selectbox(
        "Region",
        regions,
        key="region",
        format_func=lambda region: region_label(region, rate_keys.get(region, frozenset())),
        help="Each region lists the rates the embedded snapshot lacks there (`prices coverage`); "
        "an option that needs one is marked incomplete, never priced at $0.",
    )
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
    catalog, catalog_error, catalog_warning = load_catalog(st.session_state["region"])
    if catalog_error:
        st.error(catalog_error)
    if catalog_warning:
        st.warning(catalog_warning)
    st.caption(results.price_line(catalog))
    for problem in st.session_state["url_problems"]:
        st.error(problem, icon=":material/link_off:")

    st.subheader("Import")
    st.file_uploader(
        "Workload file (YAML/JSON) or ECS task definition (JSON)",
        type=["yaml", "yml", "json"],
        key="upload",
        on_change=import_upload,
        args=(regions,),
    )

# --- the inputs -----------------------------------------------------------------------------

st.header("Where should these containers run on AWS?")
if st.session_state["upload_error"]:
    st.error(st.session_state["upload_error"], icon=":material/upload_file:")
for note in st.session_state["import_messages"]:
    st.info(note, icon=":material/upload_file:")
decision_area = st.container()  # the answer first; filled once the inputs below are read
st.subheader("Services")
st.caption(
    "One row per service; Service, vCPU, Memory GB, Tasks, Hours/month and Spot OK come first. "
    "**Bands** `4x425,10x305` = 4 tasks for 425 h/month plus 10 tasks for 305 h/month (replaces "
    "tasks × hours); **Runs** `3000x120@4` = 3,000 runs/month of 120 s, at most 4 at once. "
    "Utilization is the average use as a fraction of the request (0–1)."
)
edited = form.services_editor(st.session_state["services_base"], st.session_state["services_version"])
before = st.session_state.to_dict()  # reading the whole state costs ~5 ms: once before, once after
missing = inputs.missing_discounts(before)
form.options_inputs(missing)
form.addons_expander()
form.assumptions_expander(placed=missing)
form.weights_expander()

rows, name_notes = messages.name_blank_rows(services.rows_from_frame(edited))
values = st.session_state.to_dict()
current: dict[str, Any] = {"values": state.input_values(values), "rows": rows}
problems: list[str] = []
checked: Workload | None = None
try:
    checked = inputs.workload(values, rows)
    inputs.weights(values)
except InvalidWorkload as err:
    problems.append(messages.input_error(err, messages.row_names(rows)))

result: Result | None = st.session_state["result"]
target = current if apply and not problems else None
same_region = result is not None and result.applied["values"]["region"] == catalog.region
if target is None and result is not None and result.catalog is not catalog and same_region:
    target = result.applied  # the price source changed (or was refreshed): re-price what is shown
if target is not None and (result is None or result.applied != target or result.catalog is not catalog):
    try:
        result = estimate(target, catalog)
    except (InvalidWorkload, PricingError) as err:
        problems.append(str(err))
st.session_state["result"] = result

active = settings.active_settings(values)
if active:
    st.caption("Active settings (not the defaults):")
    results.badges(active)
with st.container(horizontal=True, vertical_alignment="center"):
    st.button(
        "Estimate", type="primary", key="estimate", on_click=request_estimate, icon=":material/calculate:"
    )
    if result is not None and not problems and current != result.applied:
        st.markdown(":orange[:material/edit_note: **Unapplied changes** — press Estimate to price them]")
    elif result is not None and not problems:
        st.markdown(":green[:material/check: The results above are for these inputs]")
for problem in problems:
    st.error(problem, icon=":material/error:")
for note in name_notes:
    st.info(note)
if checked is not None:
    for warning in messages.sanity_warnings(checked, catalog):
        st.warning(warning, icon=":material/warning:")

# --- the results of the last valid input ----------------------------------------------------

view = {key: values[key] for key in state.VIEW_KEYS if key in values}
applied = result.applied if result is not None else current
params: dict[str, str | list[str]] = {**state.to_query({**applied["values"], **view})}
if [services.encode_row(r) for r in applied["rows"]] != [
    services.encode_row(r) for r in services.DEFAULT_ROWS
]:
    params[state.SERVICES_PARAM] = [services.encode_row(r) for r in applied["rows"]]
st.query_params.from_dict(params)

if result is not None:
    line = results.price_line(result.catalog)
    comparison = result.comparison
    with decision_area:
        if problems or st.session_state["upload_error"]:
            st.warning(
                "Stale: these results are for the last valid input, not for what the inputs below "
                "show now. Fix the error there and press Estimate to replace them.",
                icon=":material/history:",
            )
        results.recommendation_card(comparison, values["current"], line)
        results.options_table(comparison, result.workload, line)
        results.downloads(result.workload, result.catalog, comparison)
    results.chart_view(result.key, comparison, result.workload, result.weights, line)
    results.details(comparison, line)
