"""Fixtures for the browser end-to-end tests.

* ``parley_server`` migrates a fresh temporary data dir with the already-built binary
  (``$PARLEY_BIN`` or ``.build/debug/parley``), reads the owner's one-time password from the
  banner, starts ``parley serve`` on a free port and waits for ``/readyz``. Teardown always
  stops the process and deletes the data dir.
* ``browser`` is headless Chromium driven through the Debian ``chromedriver`` (never Selenium
  Manager, so nothing is downloaded). A failing test leaves a screenshot in ``artifacts/e2e/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

# Selenium Manager must never try to fetch a driver or a browser.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "artifacts" / "e2e"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
OWNER_EMAIL = "owner@parley.local"
STARTUP_TIMEOUT = 20.0


@dataclass
class ParleyServer:
    base_url: str
    owner_email: str
    one_time_password: str
    data_dir: Path
    log_path: Path

    def log_tail(self, limit: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return "(no server log)"


def _parley_bin() -> Path:
    path = Path(os.environ.get("PARLEY_BIN", REPO_ROOT / ".build" / "debug" / "parley"))
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not os.access(path, os.X_OK):
        pytest.fail(f"parley binary not found or not executable at {path} (set PARLEY_BIN)")
    return path


def _child_env() -> dict[str, str]:
    """The environment for parley subprocesses, without any PARLEY_* variables.

    parley refuses to start when it sees an unknown PARLEY_* variable (PARLEY_BIN included),
    and a developer's PARLEY_DATABASE_URL etc. must not leak into a hermetic test server.
    """
    return {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(proc: subprocess.Popen, base_url: str, log_path: Path) -> None:
    """Polls GET /readyz until it answers 200, the process dies or the deadline passes."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = "no attempt"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"parley serve exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base_url + "/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return
                last_error = f"status {resp.status}"
        except urllib.error.HTTPError as e:
            last_error = f"status {e.code}"
        except (urllib.error.URLError, ConnectionError, OSError) as e:
            last_error = repr(e)
        time.sleep(0.05)  # polling interval, not synchronisation
    raise RuntimeError(f"parley did not become ready in {STARTUP_TIMEOUT}s ({last_error}):\n"
                       f"{log_path.read_text(errors='replace')}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@contextlib.contextmanager
def _run_parley(extra_args: list[str], log_level: str = "warning"):
    """Migrates a fresh data dir, starts `parley serve` on a free port and yields the server."""
    binary = _parley_bin()
    data_dir = Path(tempfile.mkdtemp(prefix="parley-e2e-"))
    log_path = data_dir / "serve.log"
    proc = None
    try:
        migrate = subprocess.run(
            [str(binary), "migrate", "--data-dir", str(data_dir), "--bcrypt-cost", "4"],
            capture_output=True, text=True, timeout=60, cwd=data_dir, env=_child_env(),
        )
        banner = migrate.stdout + "\n" + migrate.stderr
        assert migrate.returncode == 0, f"parley migrate failed ({migrate.returncode}):\n{banner}"
        password = re.search(r"^\s*password:\s*(\S+)\s*$", banner, re.MULTILINE)
        email = re.search(r"^\s*email:\s*(\S+)\s*$", banner, re.MULTILINE)
        assert password, f"no one-time password in the migrate banner:\n{banner}"
        assert email and email.group(1) == OWNER_EMAIL, f"unexpected owner email in banner:\n{banner}"

        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [str(binary), "serve", "--data-dir", str(data_dir), "--port", str(port),
                 "--bcrypt-cost", "4", "--log-level", log_level, *extra_args],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=data_dir,
                env=_child_env(),
            )
        _wait_ready(proc, base_url, log_path)
        server = ParleyServer(base_url=base_url, owner_email=OWNER_EMAIL, one_time_password=password.group(1),
                              data_dir=data_dir, log_path=log_path)
        yield server
        assert proc.poll() is None, f"parley serve died during the test:\n{server.log_tail()}"
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def parley_server():
    with _run_parley([]) as server:
        yield server


SPEECH_DIR = Path(os.environ.get("PARLEY_SPEECH_DIR", REPO_ROOT / ".speech"))
SPEECH_TIMEOUT = 180.0


@pytest.fixture
def voice_server():
    """`parley serve` with the offline speech worker (`make speech`), once the worker is ready."""
    if not (SPEECH_DIR / "bin" / "parley-speech").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the speech worker is missing at {SPEECH_DIR} (make speech)")
        pytest.skip(f"the speech worker is missing at {SPEECH_DIR} (make speech)")
    with _run_parley(["--speech-dir", str(SPEECH_DIR), "--speech-workers", "1"], log_level="notice") as server:
        deadline = time.monotonic() + SPEECH_TIMEOUT
        while "speech workers ready" not in server.log_tail(1_000_000):
            assert "offline speech is not available" not in server.log_tail(1_000_000), server.log_tail()
            assert time.monotonic() < deadline, f"the speech worker did not start in {SPEECH_TIMEOUT}s:\n{server.log_tail()}"
            time.sleep(0.1)  # polling interval, not synchronisation
        yield server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _chromium(request, extra_args: list[str]):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                "--password-store=basic"):
        options.add_argument(arg)
    for arg in extra_args:
        options.add_argument(arg)
    # Keep Chromium's password manager from popping "save password?" / breach bubbles.
    options.add_experimental_option("prefs", {
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
        "profile.password_manager_leak_detection": False,
    })
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        try:
            rep = getattr(request.node, "rep_call", None)
            if rep is not None and rep.failed:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
                driver.save_screenshot(str(ARTIFACTS / f"{name}-failure.png"))
                (ARTIFACTS / f"{name}-failure.html").write_text(driver.page_source)
        finally:
            driver.quit()


@pytest.fixture
def browser(request):
    yield from _chromium(request, [])


@pytest.fixture
def talking_browser(request, tmp_path):
    """Chromium whose microphone plays `caller.wav`: six seconds of silence (the greeting
    plays), then flite's slt voice asking to book an appointment, on a loop."""
    line = tmp_path / "line.wav"
    subprocess.run(["flite", "-voice", "slt", "-t", "I'd like to book an appointment, please.", "-o", str(line)], check=True)
    caller = tmp_path / "caller.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(tmp_path / "gap.wav"), "trim", "0", "6"], check=True)
    subprocess.run(["sox", str(tmp_path / "gap.wav"), str(line), str(tmp_path / "gap.wav"), str(caller)], check=True)
    yield from _chromium(request, [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={caller}", "--autoplay-policy=no-user-gesture-required",
    ])
