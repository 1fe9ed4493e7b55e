"""The recommendation card's figures and badges, from a comparison (no Streamlit here).

The card answers four questions in one place: what to run, what it costs per month and per
year, what it saves against the cheapest alternative and against what runs today (when the
user says what that is), and how firm the number is (assumptions, lower-confidence rates,
warnings). Every amount is rounded as displayed, so the differences reconcile on a calculator.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.decision.recommend import Comparison, RankedOption, option_name
from advisor.model.costs import CostBreakdown
from advisor.model.money import annual_usd, cents
from advisor.model.prices import Confidence
from ui.tables import is_recommended


@dataclass(frozen=True, slots=True)
class Badge:
    """A short label with its colour (Streamlit badge colours) and the detail on hover."""

    label: str
    color: str
    help: str = ""


@dataclass(frozen=True, slots=True)
class Delta:
    """A card metric: its label, the amount shown, and the sentence under it."""

    label: str
    value: str
    note: str


@dataclass(frozen=True, slots=True)
class Card:
    option: str
    monthly_usd: float
    annual_usd: float
    versus: tuple[Delta, ...]
    badges: tuple[Badge, ...]


def _money(usd: float) -> str:
    return f"${usd:,.2f}"


def _delta(label: str, best: CostBreakdown, other: CostBreakdown) -> Delta:
    gap = cents(cents(other.monthly_usd) - cents(best.monthly_usd))
    name = option_name(other)
    if gap > 0:
        yearly = cents(annual_usd(other.monthly_usd) - annual_usd(best.monthly_usd))
        return Delta(label, f"{_money(gap)}/month", f"{_money(yearly)}/year less than {name}")
    if gap < 0:
        return Delta(
            label,
            f"−{_money(-gap)}/month",
            f"costs more than {name}, which scores lower on the weighted trade-offs",
        )
    return Delta(label, "$0.00/month", f"costs the same as {name}")


def _versus_current(best: RankedOption, comparison: Comparison, current: str) -> Delta:
    label = "Savings vs what runs today"
    if current == best.result.option_id:
        return Delta(label, "$0.00/month", "what runs today is already the recommended option")
    ranked = next((r for r in comparison.ranked if r.result.option_id == current), None)
    if ranked is not None:
        return _delta(label, best.result, ranked.result)
    ruled_out = next((r for r in comparison.results if r.option_id == current), None)
    if ruled_out is not None:
        return Delta(
            label, "—", f"{option_name(ruled_out)} is ruled out here: {'; '.join(ruled_out.reasons)}"
        )
    return Delta(
        label, "—", f"{current} is not among the options compared: add its platform and purchase option"
    )


def badges(result: CostBreakdown) -> tuple[Badge, ...]:
    """How firm the recommended price is: complete or a lower bound, assumptions,
    medium-confidence rates, warnings."""
    out = []
    if result.missing:
        missing = ", ".join(result.missing)
        out.append(Badge("incomplete: a lower bound", "red", f"no rate in this price source for {missing}"))
    else:
        out.append(Badge("complete", "green", "every line item has a rate"))
    assumed = sorted(
        {i.source.split(" applied to")[0] for i in result.line_items if i.confidence is Confidence.ASSUMPTION}
    )
    if assumed:
        out.append(
            Badge(f"{len(assumed)} assumption{'s' * (len(assumed) > 1)}", "orange", "; ".join(assumed))
        )
    else:
        out.append(Badge("published rates only", "green", "no line item rests on an assumption"))
    medium = [i for i in result.line_items if i.confidence is Confidence.MEDIUM]
    if medium:
        share = sum(i.monthly_usd for i in medium) / result.monthly_usd if result.monthly_usd else 0.0
        out.append(
            Badge(
                f"{share:.0%} on medium-confidence rates",
                "yellow",
                "; ".join(sorted({i.source for i in medium})),
            )
        )
    if result.warnings:
        out.append(
            Badge(
                f"{len(result.warnings)} warning{'s' * (len(result.warnings) > 1)}",
                "red",
                "; ".join(result.warnings),
            )
        )
    return tuple(out)


def card(comparison: Comparison, current: str = "") -> Card | None:
    """The card of the recommended option, or None when nothing can be recommended."""
    best = next((r for r in comparison.ranked if is_recommended(comparison, r)), None)
    if best is None:
        return None
    others = [r for r in comparison.ranked if r is not best]
    versus = []
    if others:
        cheapest = min(others, key=lambda r: r.result.monthly_usd)
        versus.append(_delta("Savings vs cheapest alternative", best.result, cheapest.result))
    else:
        versus.append(Delta("Savings vs cheapest alternative", "—", "the only feasible option"))
    if current:
        versus.append(_versus_current(best, comparison, current))
    return Card(
        option=option_name(best.result),
        monthly_usd=cents(best.result.monthly_usd),
        annual_usd=annual_usd(best.result.monthly_usd),
        versus=tuple(versus),
        badges=badges(best.result),
    )
