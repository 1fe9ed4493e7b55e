"""Real-browser tests: `streamlit run app.py` driven by Debian's chromium.

Starts the server on a free local port, waits for `/_stcore/health` to say "ok", opens the
dashboard in headless chromium through Playwright. One test changes an input, presses
Estimate and checks that the recommendation text changes and no exception box appears; the
other, at 1400 × 900, checks that the decision reads without horizontal scrolling (the
recommended marker, the key option and service columns) and saves screenshots of the main
views in the test's tmp dir. Outside CI a missing browser skips; with CI=true it fails.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RECOMMENDATION = ".st-key-recommendation"

pytestmark = pytest.mark.e2e


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"/_stcore/health never said ok within {timeout_s:g} s:\n{log.read_text()}")


@pytest.fixture
def dashboard(tmp_path: Path) -> Iterator[str]:
    """The base URL of `streamlit run app.py` on a free port, stopped after the test."""
    port = free_port()
    log = tmp_path / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def require_browser() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("playwright not installed (pip install -r requirements-dev.txt)")


def test_recommendation_updates_in_a_real_browser(dashboard: str, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(f"{dashboard}/?source=snapshot", wait_until="domcontentloaded")
            page.wait_for_selector(APP_IDLE, timeout=120_000)
            card = page.locator(RECOMMENDATION)
            expect(card).to_contain_text("Recommended:", timeout=120_000)
            before = card.inner_text()

            page.get_by_text("Add-ons: load balancers, NAT, public IPv4, logs").click()
            logs = page.get_by_label("CloudWatch Logs ingested, GB/month")
            logs.fill("500")
            page.get_by_role("button", name="Estimate").click()

            # The view state is in the link, written at the end of the run: once it is there, the
            # new recommendation has been drawn (a card read earlier may still be the old one).
            expect(page).to_have_url(re.compile(r"addon_logs_gb_per_month=500"), timeout=120_000)
            page.wait_for_selector(APP_IDLE, timeout=120_000)
            expect(card).not_to_have_text(before, timeout=120_000)
            after = card.inner_text()
            assert "Recommended:" in after
            assert page.locator('[data-testid="stException"]').count() == 0
            # Streamlit scrolls inside its main container, so a tall viewport shows the whole page.
            page.set_viewport_size({"width": 1440, "height": 3200})
            page.wait_for_selector(APP_IDLE, timeout=120_000)
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
        finally:
            browser.close()
    assert before != after
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000


THREE_SERVICES = (
    "svc=name%3Dweb%3Bvcpu%3D1%3Bmemory_gb%3D2%3Btasks%3D3"
    "&svc=name%3Dapi%3Bvcpu%3D0.5%3Bmemory_gb%3D1%3Bbands%3D4x425,10x305"
    "&svc=name%3Dworker%3Bvcpu%3D2%3Bmemory_gb%3D4%3Btasks%3D2"
)
OPTION_COLUMNS = ["Option", "Monthly", "Annual", "Price rank", "Score", "Complete?", "Warnings"]
SERVICE_COLUMNS = ["Service", "vCPU", "Memory GB", "Tasks", "Hours/month", "Spot OK"]
# Glide's grid draws on a canvas and keeps an accessible table of what it has drawn: the
# cells in view, so a header listed there is on screen without scrolling the grid.
CHART_TITLES = {
    "Cost per service": "Monthly cost per service",
    "Sensitivity": "Monthly cost vs",
    "Trade-offs": "Trade-offs beyond price",
    "Monthly cost": "by category",
}
GRID_HEADERS = "el => Array.from(el.querySelectorAll('th')).map(th => th.textContent.trim())"
GRID_CELLS = "el => Array.from(el.querySelectorAll('td')).map(td => td.textContent.trim())"


def test_the_decision_reads_at_1400_px_without_horizontal_scrolling(dashboard: str, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{dashboard}/?source=snapshot&{THREE_SERVICES}", wait_until="domcontentloaded")
            expect(page.locator(RECOMMENDATION)).to_contain_text("Recommended:", timeout=120_000)
            page.wait_for_selector(APP_IDLE, timeout=120_000)
            options = page.locator(".st-key-options_table")
            options.locator("td").first.wait_for(state="attached", timeout=60_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(tmp_path / "decision.png"))

            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            headers = options.evaluate(GRID_HEADERS)
            assert [h for h in OPTION_COLUMNS if h not in headers] == [], headers
            assert "★ Recommended" in options.evaluate(GRID_CELLS)
            box = options.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= 1400

            services = page.locator(".st-key-services_table")
            services.scroll_into_view_if_needed()
            service_headers = services.evaluate(GRID_HEADERS)
            assert service_headers[: len(SERVICE_COLUMNS)] == SERVICE_COLUMNS, service_headers
            page.screenshot(path=str(tmp_path / "services.png"))
            pill = page.get_by_role("button", name="3-year Compute Savings Plan")
            clipped = "el => [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"
            assert not pill.evaluate(clipped)  # the whole label shows: pills wrap, not clip

            for chart, title in CHART_TITLES.items():
                page.get_by_role("radio", name=chart, exact=True).click()
                expect(page.locator(".gtitle").filter(has_text=title)).to_be_visible(timeout=120_000)
                page.wait_for_selector(APP_IDLE, timeout=120_000)
                expect(page.locator(".gtitle")).to_have_count(1, timeout=60_000)  # the old chart gone
                page.locator('[data-testid="stPlotlyChart"]').scroll_into_view_if_needed()
                page.wait_for_timeout(500)  # plotly finishes drawing after its title
                page.screenshot(path=str(tmp_path / f"chart-{chart.lower().replace(' ', '-')}.png"))
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
    for name in ("decision", "services", *(f"chart-{c.lower().replace(' ', '-')}" for c in CHART_TITLES)):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
