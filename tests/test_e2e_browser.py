"""End to end in a real browser: the dashboard served by Streamlit, a file uploaded in headless Chromium.

Skipped where Playwright or a Chromium is missing (Playwright cannot download its browsers everywhere: a system
Chromium, ``/usr/bin/chromium`` or ``$GAITCOACH_CHROMIUM``, is used first).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "belt_lower_back_phyphox.zip"

sync_api = pytest.importorskip("playwright.sync_api")


def _chromium() -> str | None:
    """A Chromium to drive: ``$GAITCOACH_CHROMIUM``, the system's, else None (Playwright's own, if installed)."""
    for path in (os.environ.get("GAITCOACH_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if path and Path(path).exists():
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    """The dashboard, served on a free local port with an empty sample folder and a throwaway database."""
    tmp = tmp_path_factory.mktemp("e2e")
    (tmp / "samples").mkdir()
    port = _free_port()
    env = {**os.environ, "GAITCOACH_DB": str(tmp / "sessions.sqlite"), "GAITCOACH_SAMPLE_DIR": str(tmp / "samples"),
           "HOME": str(tmp)}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):  # up to a minute for the server to come up
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.skip("the Streamlit server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(
                executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
        except Exception as e:  # no browser to drive here
            pytest.skip(f"no Chromium to drive: {e}")
        yield b
        b.close()


def _upload_and_read(browser, url: str, files: list[Path], until: str) -> str:
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("input[type=file]", state="attached", timeout=60_000)
    page.set_input_files("input[type=file] >> nth=0", [str(f) for f in files])
    page.get_by_text(until).first.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)  # (the rest of the page after the first line)
    text = page.inner_text("body")
    page.close()
    return text


def test_a_belt_recording_uploaded_in_the_browser_shows_its_walk(browser, page_url):
    # the sample belt walk: 104 steps/min, the left hip dropping 2.5 deg and the right 6 (sample_data/README.md)
    text = _upload_and_read(browser, page_url, [SAMPLE], "Your walking cues")
    assert "Traceback" not in text
    assert "looks like a sensor on the lower back" in text  # placement detected and said
    cadence = re.search(r"cadence \(steps per minute\)\s+(\d+) steps/min", text)
    assert cadence and abs(int(cadence.group(1)) - 104) <= 2
    left = re.search(r"pelvis drop on the left[^\n]*\n?\s*([\d.]+) deg", text)
    right = re.search(r"pelvis drop on the right[^\n]*\n?\s*([\d.]+) deg", text)
    assert left and right
    assert float(left.group(1)) == pytest.approx(2.5, abs=1.0) and float(right.group(1)) == pytest.approx(6.0, abs=1.0)


def test_a_broken_upload_says_what_is_wrong_without_a_traceback(browser, page_url, tmp_path):
    broken = tmp_path / "broken_walk.fit"
    broken.write_bytes(b"\x0e\x10" + b"not a fit file" * 10)
    text = _upload_and_read(browser, page_url, [broken], "broken_walk.fit:")
    assert "Traceback" not in text
    assert re.search(r"broken_walk\.fit: .*(FIT|file)", text)
