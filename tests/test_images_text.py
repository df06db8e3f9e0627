"""Text in the diagrams reads on a projector: at least 14 px as JupyterLab shows the picture, in every edition.

JupyterLab scales a PNG wider than the notebook down to DISPLAY_WIDTH (images/_boxes.py says how it was measured),
so a text's size on screen is its size in the PNG times min(1, DISPLAY_WIDTH / PNG width).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Iterator

import pytest

DRAW = Path(__file__).resolve().parent.parent / "images" / "draw.py"
spec = importlib.util.spec_from_file_location("workshop_images_draw_text", DRAW)
assert spec is not None and spec.loader is not None
draw = importlib.util.module_from_spec(spec)
spec.loader.exec_module(draw)

LANGUAGES = ("en", "ko")
"""English (images/) and the Korean edition (images/ko/, labels from images/labels_ko.py)."""


def _texts(fig) -> Iterator:
    """Every text a reader sees: free texts, titles, legends, and axis labels and ticks where the axes show."""
    yield from fig.texts
    for ax in fig.axes:
        yield from ax.texts
        yield from (getattr(ax, name) for name in ("title", "_left_title", "_right_title") if hasattr(ax, name))
        legend = ax.get_legend()
        if legend is not None:
            yield from legend.get_texts()
            yield legend.get_title()
        if ax.axison:
            yield from (ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels())


def _shown_sizes(name: str, lang: str) -> tuple[dict[str, float], float]:
    """{text: px as shown at the display width} of one figure drawn in `lang`, and its PNG width in px."""
    import matplotlib.pyplot as plt

    draw.set_language(lang)
    try:
        fig = draw.FIGURES[name]()
    finally:
        draw.set_language("en")
    try:
        png_width = fig.get_figwidth() * draw.DPI
        scale = min(1.0, draw.DISPLAY_WIDTH / png_width)
        sizes = {t.get_text(): t.get_fontsize() * draw.DPI / 72 * scale
                 for t in _texts(fig) if t.get_visible() and t.get_text().strip()}
    finally:
        plt.close(fig)
    return sizes, png_width


def test_the_display_width_is_a_notebook_width() -> None:
    assert draw.MIN_TEXT_PX == 14
    assert 600 <= draw.DISPLAY_WIDTH <= 1400, "DISPLAY_WIDTH is the width JupyterLab shows a picture at, in CSS px"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(draw.FIGURES))
def test_every_text_is_at_least_14_px_as_shown(name: str, lang: str) -> None:
    sizes, png_width = _shown_sizes(name, lang)
    assert sizes, f"{name} ({lang}) has no text"
    small = {text: round(px, 1) for text, px in sizes.items() if px < 14}
    assert not small, (f"{name} ({lang}): text below 14 px when the {png_width:.0f} px PNG is shown "
                       f"{min(png_width, draw.DISPLAY_WIDTH):.0f} px wide: {small}")
