"""Shared drawing helpers for the workshop diagrams: palette, boxes, arrows, cylinders, logs.

Every figure is drawn on one axis that covers the whole canvas, in inches:
x runs 0..width and y runs 0..height, so 1 unit is 1 inch (DPI pixels).
"""
from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

DPI = 110
FONT = 11
DISPLAY_WIDTH = 941
"""CSS pixels a picture is shown at in a notebook: measured in Chromium (Playwright) at tests/test_browser.py's
1400 x 1000 viewport with JupyterLab 4.6 as `python3 run.py` opens it (file browser open, 250 px): the rendered
markdown is 966 px wide and an <img> (max-width: 100%) 941 px; a wider PNG is scaled down to that."""
MIN_TEXT_PX = 14
"""Smallest text size, in pixels as shown at DISPLAY_WIDTH, that reads on a classroom projector."""
INK = "#222222"
MUTED = "#5f6368"
MONO = "DejaVu Sans Mono"

# kind -> (fill, edge). One colour per part of the stack, used the same way in every picture.
PALETTE: dict[str, tuple[str, str]] = {
    "source": ("#E3EEFB", "#2F6DB5"),  # sensors, producers, publishers
    "kafka": ("#ECECEC", "#2B2B2B"),  # Kafka brokers, topics, partitions
    "spark": ("#FDE9D6", "#D9531E"),  # Spark
    "mongo": ("#E2F4E8", "#13884A"),  # MongoDB
    "view": ("#EFE7F8", "#7247A8"),  # consumers, plots, live views
    "bad": ("#FCE4E4", "#C62828"),  # quarantine, errors, deletion
    "k8s": ("#E6EDFC", "#326CE5"),  # Kubernetes objects
    "mqtt": ("#FFF4CC", "#A67C00"),  # MQTT
    "note": ("#FFFFFF", "#8A8A8A"),  # neutral notes
    "memory": ("#FFF9E6", "#C08A00"),  # page cache
}

LANGUAGE = {"lang": "en", "sans": ["DejaVu Sans"], "missing": []}
"""The language the labels are drawn in: set by `set_language`; `missing` collects labels with no translation."""


def set_language(lang: str) -> None:
    """Draw the next figures with labels in `lang` ("en" or e.g. "ko", from labels_<lang>.py) and a font that has its glyphs."""
    LANGUAGE.update(lang=lang, missing=[], sans=["DejaVu Sans"])
    if lang != "en":
        root = str(Path(__file__).resolve().parent.parent)
        if root not in sys.path:
            sys.path.insert(0, root)
        from workshop import fonts

        LANGUAGE["sans"] = fonts.families(lang)
        LANGUAGE["table"] = importlib.import_module(f"labels_{lang}").LABELS


def tr(text: str) -> str:
    """A label in the current language: looked up whole in the label table (`{}` in a key matches one word)."""
    if LANGUAGE["lang"] == "en" or not re.search(r"[A-Za-z]", text) or re.search(r"[\uac00-\ud7a3]", text):
        return text
    table: dict[str, str] = LANGUAGE["table"]
    if text in table:
        return table[text]
    for key, value in table.items():
        if "{}" in key:
            m = re.fullmatch(re.escape(key).replace(r"\{\}", r"(\S+)"), text)
            if m:
                return value.format(*m.groups())
    LANGUAGE["missing"].append(text)
    return text


plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": FONT,
        "text.color": INK,
        "path.simplify": False,
    }
)


@dataclass(frozen=True)
class Box:
    """A placed rectangle; anchors are (x, y) tuples in inches."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> tuple[float, float]:
        return (self.x, self.y + self.h / 2)

    @property
    def right(self) -> tuple[float, float]:
        return (self.x + self.w, self.y + self.h / 2)

    @property
    def top(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h)

    @property
    def bottom(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y)

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def at(self, fx: float, fy: float) -> tuple[float, float]:
        """Point at fractions (fx, fy) of the box, (0, 0) being bottom-left."""
        return (self.x + fx * self.w, self.y + fy * self.h)


def colors(kind: str) -> tuple[str, str]:
    """Fill and edge colour of a kind (see PALETTE)."""
    return PALETTE[kind]


def canvas(width: float, height: float) -> tuple[Figure, Axes]:
    """A white figure of width x height inches with one inch-unit axis covering it."""
    fig = plt.figure(figsize=(width, height), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    ax.fit_checks = []  # (text, box) pairs whose text must stay inside the box
    return fig, ax


def shown_px(fig: Figure, fontsize: float) -> float:
    """Height in screen pixels of a font size (points) when the figure's PNG is shown DISPLAY_WIDTH pixels wide (or narrower)."""
    png_width = fig.get_figwidth() * DPI
    return fontsize * DPI / 72 * min(1.0, DISPLAY_WIDTH / png_width)


def save(fig: Figure, path: Path) -> Path:
    """Write fig as a byte-stable PNG (no software/date metadata) and close it."""
    fig.savefig(path, dpi=DPI, facecolor="white", metadata={"Software": None})
    plt.close(fig)
    return path


def title(ax: Axes, text: str, subtitle: str | None = None) -> float:
    """Figure title and a grey subtitle (wrapped to the canvas) centred at the top; returns the y just below them."""
    x0, x1 = ax.get_xlim()
    top = ax.get_ylim()[1]
    ax.text((x0 + x1) / 2, top - 0.32, tr(text), ha="center", va="center", fontsize=17, fontweight="bold",
            family=LANGUAGE["sans"])
    if not subtitle:
        return top - 0.6
    lines = wrap(ax, tr(subtitle), x1 - x0 - 0.4, 12)
    n = lines.count("\n") + 1
    ax.text((x0 + x1) / 2, top - 0.56, lines, ha="center", va="top", fontsize=12, color=MUTED,
            family=LANGUAGE["sans"], linespacing=1.25)
    return top - 0.62 - n * _line_height(12)


def text_width(ax: Axes, line: str, size: float, weight: str = "normal", mono: bool = False) -> float:
    """Width in inches of one line of text as it would be drawn."""
    t = ax.text(0, 0, line, fontsize=size, fontweight=weight, family=MONO if mono else LANGUAGE["sans"])
    width = t.get_window_extent(ax.figure.canvas.get_renderer()).width / ax.figure.dpi
    t.remove()
    return width


def wrap(ax: Axes, text: str, width: float, size: float, weight: str = "normal", mono: bool = False,
         reflow: bool = False) -> str:
    """Break each line of text at spaces so no line is wider than `width` inches (a single long word stays whole).

    reflow=True first joins the lines into one paragraph."""
    if reflow:
        text = " ".join(line.strip() for line in text.split("\n"))
    out = []
    for line in text.split("\n"):
        if text_width(ax, line, size, weight, mono) <= width:
            out.append(line)
            continue
        words = line.split(" ")
        current = words[0]
        for word in words[1:]:
            trial = f"{current} {word}"
            if text_width(ax, trial, size, weight, mono) <= width:
                current = trial
            else:
                out.append(current)
                current = word
        out.append(current)
    return "\n".join(out)


def _line_height(size: float) -> float:
    return size * 1.32 / 72


def label(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    size: float = FONT,
    color: str = INK,
    weight: str = "normal",
    ha: str = "center",
    va: str = "center",
    mono: bool = False,
    style: str = "normal",
    backdrop: bool = False,
    width: float | None = None,
    translated: bool = False,
) -> Text:
    """Free text; backdrop=True puts a white patch behind it so it reads over lines; width (inches) wraps it."""
    kw = {}
    shown = text if mono or translated else tr(text)
    if width and any(text_width(ax, line, size, weight, mono) > width for line in shown.split("\n")):
        shown = wrap(ax, shown, width, size, weight, mono, reflow=True)
    if backdrop:
        kw["bbox"] = {"boxstyle": "round,pad=0.18", "fc": "white", "ec": "none", "alpha": 0.95}
    return ax.text(
        x,
        y,
        shown,
        fontsize=size,
        color=color,
        fontweight=weight,
        ha=ha,
        va=va,
        family=MONO if mono else LANGUAGE["sans"],
        style=style,
        linespacing=1.25,
        zorder=6,
        **kw,
    )


def box(
    ax: Axes,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str = "",
    kind: str = "note",
    head: str | None = None,
    size: float = FONT,
    mono: bool = False,
    dashed: bool = False,
    fill: str | None = None,
    lw: float = 1.6,
    radius: float = 0.08,
    zorder: float = 2,
) -> Box:
    """Rounded box with an optional bold heading line above centred body text."""
    fc, ec = colors(kind)
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle=f"round,pad=0,rounding_size={radius}",
            fc=fill or fc,
            ec=ec,
            lw=lw,
            ls=(0, (4, 3)) if dashed else "-",
            zorder=zorder,
        )
    )
    b = Box(x, y, w, h)
    _centred_block(ax, b, head, text, size, mono, ec)
    return b


def _centred_block(ax: Axes, b: Box, head: str | None, text: str, size: float, mono: bool, ec: str) -> None:
    """Stack a bold heading and body lines as one block centred in b."""
    lh = _line_height(size)
    room = b.w - 0.2
    head = wrap(ax, tr(head), room, size + 0.5, "bold") if head else head
    text = wrap(ax, text if mono else tr(text), room, size, mono=mono) if text else text
    n_body = len(text.split("\n")) if text else 0
    n_head = len(head.split("\n")) if head else 0
    total = (n_head * 1.08 + n_body) * lh + (0.06 if head and text else 0)
    cx, cy = b.center
    top = cy + total / 2
    if head:
        hh = n_head * 1.08 * lh
        t = label(ax, cx, top - hh / 2, head, size=size + 0.5, weight="bold", translated=True)
        ax.fit_checks.append((t, b))
        top -= hh + 0.06
    if text:
        t = label(ax, cx, top - n_body * lh / 2, text, size=size, mono=mono, translated=True)
        ax.fit_checks.append((t, b))


def group(
    ax: Axes,
    x: float,
    y: float,
    w: float,
    h: float,
    heading: str,
    kind: str = "note",
    size: float = FONT + 1,
    dashed: bool = True,
    fill: str | None = None,
    mask: bool = False,
) -> Box:
    """A labelled container drawn behind other shapes; its heading sits inside, top-left (mask=True: over arrows)."""
    fc, ec = colors(kind)
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.14",
            fc=fill or fc,
            ec=ec,
            lw=1.5,
            ls=(0, (5, 3)) if dashed else "-",
            alpha=1.0,
            zorder=0.5,
        )
    )
    b = Box(x, y, w, h)
    shown = wrap(ax, tr(heading), w - 0.28, size, "bold")
    t = label(ax, x + 0.14, y + h - 0.1, shown, size=size, weight="bold", ha="left", va="top", color=ec, translated=True)
    if mask:
        t.set_bbox({"boxstyle": "square,pad=0.12", "fc": fill or fc, "ec": "none"})
    ax.fit_checks.append((t, b))
    return b


def cylinder(
    ax: Axes,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str = "",
    kind: str = "mongo",
    head: str | None = None,
    size: float = FONT,
    mono: bool = False,
) -> Box:
    """A database drum; the returned Box is its outline, the text sits below the lid."""
    fc, ec = colors(kind)
    e = min(0.3 * h, 0.26)
    z = 2
    ax.add_patch(Ellipse((x + w / 2, y + e / 2), w, e, fc=fc, ec=ec, lw=1.6, zorder=z))
    ax.add_patch(Rectangle((x, y + e / 2), w, h - e, fc=fc, ec="none", zorder=z))
    for xx in (x, x + w):
        ax.add_line(Line2D([xx, xx], [y + e / 2, y + h - e / 2], color=ec, lw=1.6, zorder=z))
    ax.add_patch(Ellipse((x + w / 2, y + h - e / 2), w, e, fc=fc, ec=ec, lw=1.6, zorder=z))
    body = Box(x, y, w, h - e)
    _centred_block(ax, body, head, text, size, mono, ec)
    return Box(x, y, w, h)


def diamond(ax: Axes, cx: float, cy: float, w: float, h: float, text: str, kind: str = "note", size: float = FONT) -> Box:
    """A decision diamond centred at (cx, cy)."""
    fc, ec = colors(kind)
    pts = [(cx, cy + h / 2), (cx + w / 2, cy), (cx, cy - h / 2), (cx - w / 2, cy)]
    ax.add_patch(Polygon(pts, closed=True, fc=fc, ec=ec, lw=1.6, zorder=2))
    b = Box(cx - w / 2, cy - h / 2, w, h)
    t = label(ax, cx, cy, text, size=size, weight="bold")
    ax.fit_checks.append((t, Box(cx - w / 4, cy - h / 4, w / 2, h / 2)))
    return b


def badge(ax: Axes, x: float, y: float, text: str, kind: str = "kafka", size: float = FONT) -> None:
    """A filled circle with a short white label: step numbers."""
    _, ec = colors(kind)
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=size,
        fontweight="bold",
        color="white",
        zorder=7,
        bbox={"boxstyle": "circle,pad=0.25", "fc": ec, "ec": "none"},
    )


def arrow(
    ax: Axes,
    a: tuple[float, float],
    b: tuple[float, float],
    text: str | None = None,
    kind: str = "kafka",
    color: str | None = None,
    rad: float = 0.0,
    dashed: bool = False,
    lw: float = 1.8,
    both: bool = False,
    at: float = 0.5,
    offset: tuple[float, float] = (0.0, 0.0),
    size: float = FONT - 1,
    text_color: str | None = None,
) -> None:
    """Arrow from a to b with an optional label on a white backdrop at fraction `at`."""
    c = color or colors(kind)[1]
    ax.add_patch(
        FancyArrowPatch(
            a,
            b,
            arrowstyle="<|-|>,head_length=0.45,head_width=0.22" if both else "-|>,head_length=0.45,head_width=0.22",
            mutation_scale=18,
            connectionstyle=f"arc3,rad={rad}",
            color=c,
            lw=lw,
            ls=(0, (4, 3)) if dashed else "-",
            shrinkA=1,
            shrinkB=1,
            zorder=4,
        )
    )
    if text:
        mx = a[0] + (b[0] - a[0]) * at + offset[0]
        my = a[1] + (b[1] - a[1]) * at + offset[1]
        label(ax, mx, my, text, size=size, color=text_color or c, backdrop=True)


def path_arrow(
    ax: Axes,
    points: Sequence[tuple[float, float]],
    text: str | None = None,
    kind: str = "kafka",
    color: str | None = None,
    dashed: bool = False,
    lw: float = 1.8,
    text_at: tuple[float, float] | None = None,
    size: float = FONT - 1,
) -> None:
    """Right-angled route through points; the arrow head is on the last segment."""
    c = color or colors(kind)[1]
    xs = [p[0] for p in points[:-1]]
    ys = [p[1] for p in points[:-1]]
    ax.add_line(
        Line2D(xs, ys, color=c, lw=lw, ls=(0, (4, 3)) if dashed else "-", zorder=4, solid_capstyle="butt")
    )
    arrow(ax, points[-2], points[-1], color=c, dashed=dashed, lw=lw)
    if text and text_at:
        label(ax, text_at[0], text_at[1], text, size=size, color=c, backdrop=True)


def log_row(
    ax: Axes,
    x: float,
    y: float,
    offsets: Sequence[int | str],
    cell: float = 0.5,
    h: float = 0.42,
    kind: str = "kafka",
    fills: Sequence[str | None] | None = None,
    size: float = FONT,
    texts: Sequence[str] | None = None,
) -> list[Box]:
    """A partition's append-only log: one square per record, labelled with its offset."""
    fc, ec = colors(kind)
    cells = []
    for i, off in enumerate(offsets):
        f = (fills[i] if fills else None) or fc
        ax.add_patch(Rectangle((x + i * cell, y), cell, h, fc=f, ec=ec, lw=1.3, zorder=3))
        b = Box(x + i * cell, y, cell, h)
        t = label(ax, *b.center, str(texts[i] if texts else off), size=size, mono=True)
        ax.fit_checks.append((t, b))
        cells.append(b)
    return cells


def text_problems(fig: Figure) -> list[str]:
    """Texts that overlap each other, leave the canvas, or spill out of their box."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fw, fh = fig.bbox.width, fig.bbox.height
    problems: list[str] = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        extents = [t.get_window_extent(renderer) for t in texts]
        for t, e in zip(texts, extents):
            if e.x0 < -0.5 or e.y0 < -0.5 or e.x1 > fw + 0.5 or e.y1 > fh + 0.5:
                problems.append(f"cut off at the edge: {t.get_text()!r}")
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                a, b = extents[i], extents[j]
                ow = min(a.x1, b.x1) - max(a.x0, b.x0)
                oh = min(a.y1, b.y1) - max(a.y0, b.y0)
                if ow > 1 and oh > 1:
                    problems.append(f"overlap: {texts[i].get_text()!r} / {texts[j].get_text()!r}")
        to_px = ax.transData.transform
        for t, b in getattr(ax, "fit_checks", []):
            e = t.get_window_extent(renderer)
            (bx0, by0), (bx1, by1) = to_px((b.x, b.y)), to_px((b.x + b.w, b.y + b.h))
            if e.x0 < bx0 - 0.5 or e.x1 > bx1 + 0.5 or e.y0 < by0 - 0.5 or e.y1 > by1 + 0.5:
                problems.append(f"spills out of its box: {t.get_text()!r}")
    return problems
