"""The browser tier: what a learner sees in JupyterLab, checked in a real Chromium (Debian's `chromium`, driven by Playwright).

JupyterLab is started as the README's first command starts it (`python -m workshop lab`: token on, 127.0.0.1),
against the test servers. For every notebook (every edition, found by glob), opened one after another in one page
with File → Open from Path…: it opens without an error dialog
or a pop-up, its kernel starts, it is not marked modified, every markdown picture loads and every relative link
resolves. Notebook 04's control panel is pressed (Start, Stop) and checked against Kafka's offsets; notebook 06's
live plot must redraw while its producer runs. Screenshots go to <WORKSHOP_HOME>/screenshots/ (git-ignored).
`python3 run.py test` runs this file after the kernel-side tests.
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

from helpers import wait_for
from workshop import topics
from workshop.messages import say
from workshop.config import PROJECT_ROOT, settings

pytestmark = [pytest.mark.browser, pytest.mark.live]

NOTEBOOKS = sorted(p for p in (PROJECT_ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
HTML_IMAGE = re.compile(r"<img\s[^>]*src=[\"']([^\"']+)")
MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)")
HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)")
ERROR_IN_OUTPUT = ("Traceback (most recent call last)", "Cell In[")
_DISPLAY = re.search(r"^DISPLAY_WIDTH = (\d+)$", (PROJECT_ROOT / "images" / "_boxes.py").read_text(), re.M)
assert _DISPLAY, "images/_boxes.py names no DISPLAY_WIDTH"
DISPLAY_WIDTH = int(_DISPLAY.group(1))
"""The width (CSS px) the diagrams are drawn for: a picture must show at least that wide (or at its own width)."""


def _rel(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def _ids(paths: list[Path]) -> list[str]:
    return [_rel(p).removeprefix("notebooks/") for p in paths]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(path: Path) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")


def _local(target: str) -> bool:
    """Whether a link or picture address names a file of the repository (not a web address or an anchor)."""
    return not re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.I)


def _resolve(notebook: Path, target: str) -> str:
    """The project-relative path a relative address from a notebook points at (without #anchor or ?query)."""
    target = re.split(r"[#?]", target, maxsplit=1)[0]
    path = os.path.normpath(os.path.join(notebook.parent, urllib.request.url2pathname(target)))
    return Path(path).relative_to(PROJECT_ROOT).as_posix()


class Lab:
    """A JupyterLab started by `python -m workshop lab --no-browser`: its address, token and REST API."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def get(self, path: str, token: bool = True) -> tuple[int, bytes]:
        """GET a path of the lab's server; (status, body)."""
        headers = {"Authorization": f"token {self.token}"} if token else {}
        try:
            with urllib.request.urlopen(urllib.request.Request(self.base + path, headers=headers), timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def shut_down_kernels(self) -> None:
        """Close every session (and its kernel), so each notebook starts on a fresh one and memory stays low."""
        _, body = self.get("/api/sessions")
        for session in json.loads(body or b"[]"):
            request = urllib.request.Request(f"{self.base}/api/sessions/{session['id']}", method="DELETE",
                                             headers={"Authorization": f"token {self.token}"})
            urllib.request.urlopen(request, timeout=30).close()

    def kernel_state(self, notebook: Path) -> str:
        """The execution state of the kernel of the notebook's session, or "" while it has none."""
        _, body = self.get("/api/sessions")
        states = [s["kernel"]["execution_state"] for s in json.loads(body or b"[]")
                  if s.get("path") == _rel(notebook) and s.get("kernel")]
        return states[0] if states else ""

    def url(self, notebook: Path) -> str:
        """The address that opens a notebook in a workspace of its own (no tabs left from another test)."""
        workspace = re.sub(r"\W", "-", _rel(notebook))
        return f"{self.base}/lab/workspaces/{workspace}/tree/{_rel(notebook)}?token={self.token}"


@pytest.fixture(scope="module")
def lab(live) -> Iterator[Lab]:
    """JupyterLab as the README's first command starts it, on the test servers, with fresh workspace and user settings."""
    home = settings().home / "browser"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    # The test runs cells in the page, which marks notebooks modified: no autosave, so nothing is written back.
    docmanager = home / "user-settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}))
    env = {**os.environ, "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings")}
    log_path = home / "lab.log"
    committed = {path: path.read_bytes() for path in NOTEBOOKS}
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "workshop", "lab", "--no-browser"], cwd=PROJECT_ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    address = re.compile(r"(http://127\.0\.0\.1:(\d+))/lab\S*\?token=([0-9a-f]+)")
    try:
        wait_for(lambda: address.search(log_path.read_text(errors="replace")) is not None or process.poll() is not None,
                 "JupyterLab to print its address with the token", limit=180)
        found = address.search(log_path.read_text(errors="replace"))
        assert found, f"JupyterLab exited ({process.returncode}) without an address:\n{log_path.read_text()[-3000:]}"
        assert int(found.group(2)) == settings().lab_port
        yield Lab(found.group(1), found.group(3))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)
        changed = [_rel(path) for path, text in committed.items() if path.read_bytes() != text]
        assert not changed, f"the browser tier wrote to {changed}: restore them with git checkout"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from the system package (Playwright's own browser download is not used)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's `chromium` package")
        pytest.skip("no chromium on this machine (Debian/Ubuntu: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    """The folder the screenshots go to (inside the test data folder, which git ignores)."""
    folder = settings().home / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Opened:
    """A notebook open in a Chromium page, with the page errors it raised."""

    def __init__(self, page, notebook: Path, errors: list[str] | None = None) -> None:
        self.page, self.notebook = page, notebook
        self.errors: list[str] = [] if errors is None else errors
        if errors is None:  # else the page already reports into `errors`
            page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def name(self) -> str:
        return _rel(self.notebook).removeprefix("notebooks/").replace("/", "_").removesuffix(".ipynb")

    def kernel_status(self) -> str:
        return self.page.locator(".jp-Notebook-ExecutionIndicator").first.get_attribute("data-status") or ""

    def wait_idle(self, what: str, limit: float) -> None:
        """Wait until the kernel is idle (after at least one moment of being asked to work, if it was)."""
        deadline = time.monotonic() + limit
        while self.kernel_status() != "idle":
            assert time.monotonic() < deadline, f"{what}: kernel still {self.kernel_status()!r} after {limit:.0f} s"
            assert not self.errors, f"{what}: the page raised {self.errors}"
            self.page.wait_for_timeout(250)

    def menu(self, top: str, item: str) -> None:
        """Click a menu bar entry, then an item of its menu (by the start of its label)."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(top)}$")).click()
        self.page.locator(".lm-Menu-item", has_text=re.compile(rf"^{re.escape(item)}")).first.click()

    def wait_kernel(self, lab: Lab) -> None:
        """Wait until the notebook's kernel has started and the page shows it idle."""
        wait_for(lambda: lab.kernel_state(self.notebook) == "idle", f"the kernel of {self.notebook.name} to start", 120)
        status = self.page.locator("#jp-main-statusbar")
        wait_for(lambda: "Python 3 (ipykernel) | Idle" in status.inner_text(), "the page to show the kernel idle", 60)
        self.wait_idle(f"starting the kernel of {self.notebook.name}", 60)

    def popups(self) -> list[str]:
        """Text of every dialog and notification toast showing."""
        return self.page.evaluate("() => [...document.querySelectorAll('.jp-Dialog, .Toastify__toast')]"
                                  ".map(e => e.innerText.trim())")

    def dirty(self) -> bool:
        return self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0

    def cell(self, containing: str):
        """The page's cell whose source contains a text (every cell is in the page: no windowing)."""
        index = next(i for i, c in enumerate(_cells(self.notebook)) if containing in "".join(c["source"]))
        return self.page.locator(".jp-NotebookPanel .jp-Cell").nth(index)

    def run_all(self) -> None:
        """Run → Run All Cells, as a learner does; pressed again if no cell was queued (the session was not ready yet)."""
        item = self.page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells"))
        prompts = self.page.locator(".jp-CodeCell .jp-InputArea-prompt")
        deadline = time.monotonic() + 90
        while True:
            self.page.locator(".lm-TabBar-tab.jp-mod-current").first.click()
            self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            if "lm-mod-disabled" not in (item.first.get_attribute("class") or ""):
                item.first.click()
                queued = time.monotonic() + 10
                while time.monotonic() < queued:
                    assert not self.popups(), f"a dialog showed after Run All: {self.popups()}"
                    if any(t.strip() != "[ ]:" for t in prompts.all_text_contents()):
                        return
                    self.page.wait_for_timeout(250)
            else:
                self.page.keyboard.press("Escape")
            assert time.monotonic() < deadline, "Run → Run All Cells queued no cell for 90 s"
            self.page.wait_for_timeout(1000)

    def wait_all_ran(self, limit: float) -> None:
        """Wait until every code cell has run (an error stops Run All), then check no output shows an error."""
        code = sum(1 for c in _cells(self.notebook)  # a cell whose input is hidden shows no prompt
                   if c["cell_type"] == "code" and not c["metadata"].get("jupyter", {}).get("source_hidden"))
        prompts = self.page.locator(".jp-CodeCell .jp-InputArea-prompt")
        deadline, idle_since = time.monotonic() + limit, None
        while True:
            texts = [t.strip() for t in prompts.all_text_contents()]
            done = len(texts) == code and all(re.fullmatch(r"\[\d+\]:", t) for t in texts)
            idle = self.kernel_status() == "idle"
            if done and idle:
                break
            idle_since = (idle_since or time.monotonic()) if idle else None
            stopped = idle_since is not None and time.monotonic() - idle_since > 10
            outputs = "\n".join(self.page.locator(".jp-OutputArea-output").all_text_contents())
            assert not stopped, f"Run All stopped before the end: prompts {texts}\n{outputs[-3000:]}"
            assert time.monotonic() < deadline, f"Run All did not finish in {limit:.0f} s: prompts {texts}"
            assert not self.errors, f"the page raised {self.errors}"
            self.page.wait_for_timeout(500)
        outputs = self.page.locator(".jp-OutputArea-output").all_text_contents()
        failed = [t for t in outputs if any(marker in t for marker in ERROR_IN_OUTPUT)]
        assert not failed, f"a cell failed in the page:\n{failed[0][:3000]}"


@pytest.fixture
def opened(lab: Lab, browser, request) -> Iterator[Opened]:
    """The notebook of the test's parameter, open in a fresh page with its kernel started and idle."""
    notebook: Path = request.param
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # images/_boxes.DISPLAY_WIDTH is measured here
    page = context.new_page()
    page.set_default_timeout(60_000)
    view = Opened(page, notebook)
    try:
        page.goto(lab.url(notebook))
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        view.wait_kernel(lab)
        yield view
    finally:
        context.close()
        lab.shut_down_kernels()


@pytest.fixture(scope="module")
def lab_page(lab: Lab, browser) -> Iterator[tuple[Any, list[str]]]:
    """One JupyterLab page (and the errors it raises) in which notebooks are opened one after another."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{lab.base}/lab/workspaces/browser-tier/tree/notebooks?token={lab.token}")
    page.wait_for_selector(".jp-DirListing-item")
    try:
        yield page, errors
    finally:
        context.close()


def _close_all(view: Opened) -> None:
    """File → Close All Tabs (discarding what a test changed), until no notebook is open in the page."""
    view.menu("File", "Close All Tabs")
    discard = view.page.locator(".jp-Dialog button", has_text=re.compile(r"^\s*Discard\s*$"))
    deadline = time.monotonic() + 60
    while view.page.locator(".jp-NotebookPanel").count():
        if discard.count():
            discard.first.click()
        assert time.monotonic() < deadline, "File → Close All Tabs left a notebook open for 60 s"
        view.page.wait_for_timeout(200)


@pytest.fixture
def shown(lab: Lab, lab_page: tuple[Any, list[str]], request) -> Iterator[Opened]:
    """The notebook of the test's parameter opened as a learner opens one (File → Open from Path…), kernel idle."""
    page, errors = lab_page
    errors.clear()
    view = Opened(page, request.param, errors)
    try:
        view.menu("File", "Open from Path")
        dialog = page.locator(".jp-Dialog")
        dialog.locator("input").fill(_rel(view.notebook))
        dialog.locator("button.jp-mod-accept").click()
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        view.wait_kernel(lab)
        yield view
    finally:
        _close_all(view)
        lab.shut_down_kernels()


def test_lab_answers_only_with_its_token(lab: Lab) -> None:
    assert lab.get("/api/contents/notebooks", token=False)[0] == 403
    status, body = lab.get("/api/contents/notebooks")
    assert status == 200
    names = {item["name"] for item in json.loads(body)["content"]}
    assert {p.name for p in NOTEBOOKS if p.parent.name == "notebooks"} <= names


@pytest.mark.parametrize("shown", NOTEBOOKS, ids=_ids(NOTEBOOKS), indirect=True)
def test_notebook_opens_with_its_pictures_and_links(shown: Opened, lab: Lab, screenshots: Path) -> None:
    opened = shown
    page, notebook = opened.page, opened.notebook
    cells = _cells(notebook)
    wait_for(lambda: page.locator(".jp-NotebookPanel .jp-Cell").count() == len(cells),
             f"all {len(cells)} cells to be in the page (JupyterLab adds them a few at a time)", limit=60)
    page.wait_for_timeout(1500)  # let late dialogs and notifications show up
    assert opened.popups() == [], "a dialog or notification showed on opening"
    committed = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["language_info"]["version"]
    if committed == platform.python_version():
        assert not opened.dirty(), f"{notebook.name} shows as modified just by opening it (python3 tests/notebook_form.py)"
    else:  # the lab writes its kernel's language_info into the notebook on opening: another Python marks it modified
        warnings.warn(f"{notebook.name}: committed with Python {committed}, the kernel runs {platform.python_version()}; "
                      "JupyterLab marks the tab modified for that alone, so that check is left out", stacklevel=1)
    assert not opened.errors, f"the page raised {opened.errors}"

    markdown = _markdown(notebook)
    wanted = [t for t in MARKDOWN_IMAGE.findall(markdown) + HTML_IMAGE.findall(markdown)]
    images = page.locator(".jp-MarkdownCell .jp-RenderedMarkdown img")
    assert images.count() == len(wanted), f"{len(wanted)} pictures in the markdown, {images.count()} in the page"
    broken, narrow = [], []
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.complete ? true : new Promise(ok => { img.onload = img.onerror = ok; })")
        natural, shown = image.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
        if natural == 0:
            broken.append(image.get_attribute("src"))
        elif shown < min(natural, DISPLAY_WIDTH) - 1:
            narrow.append(f"{image.get_attribute('src')}: {shown:.0f} of {natural} px")
    assert not broken, f"pictures that do not load: {broken}"
    assert not narrow, (f"pictures shown narrower than the {DISPLAY_WIDTH} px images/_boxes.py assumes for 14 px text "
                        f"(measure again and redraw): {narrow}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"{opened.name()}.png"))

    targets = sorted({t for t in wanted + MARKDOWN_LINK.findall(markdown) + HTML_LINK.findall(markdown) if _local(t)})
    unresolved = []
    for target in targets:
        path = _resolve(notebook, target)
        route = "/api/contents/" if (PROJECT_ROOT / path).is_dir() else "/files/"
        status = lab.get(route + urllib.request.pathname2url(path))[0]
        if status != 200:
            unresolved.append(f"{target} -> {path}: HTTP {status}")
    assert not unresolved, f"links that do not resolve in the lab: {unresolved}"


def _panel_counts(page) -> tuple[str, dict[int, tuple[int, int]]]:
    """The control panel's counter: its text and {partition: (records, last offset)} from its table."""
    counter = page.locator(".widget-html", has_text="records acknowledged").last
    text = counter.text_content()
    rows = counter.locator("tr").all()
    counts = {}
    for row in rows[1:]:
        partition, records, last = (int(cell) for cell in row.locator("td").all_text_contents())
        counts[partition] = (records, last)
    return text, counts


NOTEBOOKS_04 = [p for p in NOTEBOOKS if p.name.startswith("04_")]
NOTEBOOKS_06 = [p for p in NOTEBOOKS if p.name.startswith("06_")]


@pytest.mark.parametrize("opened", NOTEBOOKS_04, ids=_ids(NOTEBOOKS_04), indirect=True)
def test_producer_panel_start_and_stop_in_the_page(opened: Opened, screenshots: Path) -> None:
    page = opened.page
    opened.run_all()
    opened.wait_all_ran(limit=300)
    lang = "ko" if opened.notebook.parent.name == "ko" else "en"  # the edition's labels, as its kernel says them
    start_label, stop_label = say("widget.start", lang=lang), say("widget.stop", lang=lang)
    panel = page.locator(".jp-OutputArea-output .widget-vbox").filter(has=page.locator("button", has_text=start_label)).first
    for label in (say("widget.sensors", lang=lang), say("widget.rate", lang=lang)):
        assert panel.locator(".widget-label", has_text=label).count() == 1, f"the panel has no {label} slider"
    start = panel.locator("button", has_text=start_label)
    stop = panel.locator("button", has_text=re.compile(rf"^\s*{re.escape(stop_label)}$"))
    readouts = panel.locator(".widget-readout").all_text_contents()  # the sliders after the notebook set them
    assert readouts[0] == "6", readouts
    text, before = _panel_counts(page)
    assert "producer stopped" in text, text
    assert topics.end_offsets() == {p: records for p, (records, _) in before.items()}

    start.click()
    wait_for(lambda: sum(r for r, _ in _panel_counts(page)[1].values()) > sum(r for r, _ in before.values()),
             "the panel's counters to move after Start", limit=60)
    stop.click()
    wait_for(lambda: "producer stopped" in _panel_counts(page)[0], "the panel to say the producer stopped", limit=60)
    page.wait_for_timeout(500)
    text, after = _panel_counts(page)
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / f"{opened.name()}_panel.png"))

    grown = {p: after[p][0] - before.get(p, (0, 0))[0] for p in after}
    assert sum(grown.values()) > 0
    said = re.search(r"(\d+) records acknowledged", text)
    assert said, text
    acknowledged = int(said.group(1))
    assert acknowledged == sum(records for records, _ in after.values())
    end = topics.end_offsets()
    assert end == {p: records for p, (records, _) in after.items()}, (end, after)
    assert {p: last for p, (_, last) in after.items()} == {p: offset - 1 for p, offset in end.items()}
    assert not opened.errors, f"the page raised {opened.errors}"
    assert readouts[1] == "100", f"records/s shows {readouts[1]} after the notebook set panel.rate.value = 100"


@pytest.mark.parametrize("opened", NOTEBOOKS_06, ids=_ids(NOTEBOOKS_06), indirect=True)
def test_live_plot_redraws_while_the_producer_runs(opened: Opened, screenshots: Path) -> None:
    page = opened.page
    opened.run_all()
    cell = opened.cell("LivePlot(")
    prompt = cell.locator(".jp-InputArea-prompt")
    wait_for(lambda: re.fullmatch(r"\[\d+\]:", prompt.text_content().strip()) is None, "Run All to queue the cells", 30)
    wait_for(lambda: re.fullmatch(r"\[\d+\]:", prompt.text_content().strip()) is not None,
             "the cell that starts the live plot to run", 300)
    image = cell.locator(".jp-OutputArea-output .widget-image").first
    digest = ("img => img.src ? fetch(img.src).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))"
              ".then(d => Array.from(new Uint8Array(d)).map(x => x.toString(16)).join('')) : ''")
    seen: list[str] = []
    deadline = time.monotonic() + 120
    waiting = opened.cell("while producer.running").locator(".jp-InputArea-prompt")
    while re.fullmatch(r"\[\d+\]:", waiting.text_content().strip()) is None and time.monotonic() < deadline:
        picture = image.evaluate(digest)
        if picture and picture not in seen:
            seen.append(picture)
            image.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshots / f"{opened.name()}_live_{len(seen)}.png"))
        page.wait_for_timeout(200)
    assert len(seen) >= 2, f"the live plot showed {len(seen)} different picture(s) while the producer ran"
    opened.wait_all_ran(limit=120)
