"""Text in the diagrams is large enough to read on a projector: at least 14 px in the PNG as drawn."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DRAW = Path(__file__).resolve().parent.parent / "images" / "draw.py"
spec = importlib.util.spec_from_file_location("workshop_images_draw_text", DRAW)
assert spec is not None and spec.loader is not None
draw = importlib.util.module_from_spec(spec)
spec.loader.exec_module(draw)


@pytest.mark.parametrize("name", sorted(draw.FIGURES))
def test_every_text_is_at_least_14_px(name: str) -> None:
    import matplotlib.pyplot as plt

    fig = draw.FIGURES[name]()
    try:
        sizes = {t.get_text(): t.get_fontsize() * fig.dpi / 72 for ax in fig.axes for t in ax.texts if t.get_text().strip()}
    finally:
        plt.close(fig)
    small = {text: round(px, 1) for text, px in sizes.items() if px < 14}
    assert not small, f"{name}: text below 14 px: {small}"
