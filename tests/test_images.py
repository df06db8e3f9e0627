"""The diagrams in images/ and images/ko/ are drawn from source by `python images/draw.py [--lang ko]` and stay in sync."""
from __future__ import annotations

import importlib.util
import struct
import subprocess
import sys
from pathlib import Path

import pytest

IMAGES = Path(__file__).resolve().parent.parent / "images"
DRAW = IMAGES / "draw.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _load_draw():
    spec = importlib.util.spec_from_file_location("workshop_images_draw", DRAW)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


draw = _load_draw()
NAMES = sorted(draw.FIGURES)
EDITIONS = ("ko",)
"""Languages drawn besides English, each into images/<lang>/ with the labels of images/labels_<lang>.py."""


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR", f"{path.name} has no IHDR chunk"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def regenerated_editions(tmp_path_factory) -> dict[str, Path]:
    """Run the regeneration command of every edition into temporary folders; it must name no untranslated label."""
    out = {}
    for lang in EDITIONS:
        folder = tmp_path_factory.mktemp(f"images-{lang}")
        result = subprocess.run([sys.executable, str(DRAW), str(folder), "--lang", lang, "--check"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", f"images/{lang}: untranslated labels or text problems:\n{result.stderr}"
        out[lang] = folder
    return out


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_edition_has_every_figure(regenerated_editions: dict[str, Path], lang: str) -> None:
    committed = sorted(p.stem for p in (IMAGES / lang).glob("*.png"))
    assert sorted(p.stem for p in regenerated_editions[lang].glob("*.png")) == NAMES
    assert committed == NAMES, f"images/{lang}/ differs from draw.py's figures; run python images/draw.py --lang {lang}"


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", NAMES)
def test_committed_edition_png_matches_its_source(regenerated_editions: dict[str, Path], lang: str, name: str) -> None:
    committed, fresh = IMAGES / lang / f"{name}.png", regenerated_editions[lang] / f"{name}.png"
    assert committed.exists(), f"images/{lang}/{name}.png is missing; run python images/draw.py --lang {lang}"
    if committed.read_bytes() == fresh.read_bytes():
        return
    import matplotlib.image as mpimg
    import numpy as np

    a, b = mpimg.imread(committed), mpimg.imread(fresh)
    assert a.shape == b.shape and np.abs(a - b).max() < 0.02, (
        f"images/{lang}/{name}.png is out of date with draw.py or labels_{lang}.py; run python images/draw.py --lang {lang}"
    )


def test_korean_labels_are_drawn_with_hangul_glyphs() -> None:
    import matplotlib.pyplot as plt

    draw.set_language("ko")
    try:
        assert draw.tr("partition 1") == "파티션 1"
        fig = draw.FIGURES["kafka_4_partition_log"]()
        hangul = [t for t in fig.axes[0].texts if any("\uac00" <= ch <= "\ud7a3" for ch in t.get_text())]
        assert hangul, "the Korean figure has no Korean label"
        fonts = importlib.import_module("workshop.fonts")
        for t in hangul:
            family = [f for f in t.get_fontfamily() if f != fonts.LATIN]
            assert family and fonts.has_glyphs(family[0], t.get_text()), (t.get_text(), t.get_fontfamily())
        plt.close(fig)
    finally:
        draw.set_language("en")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """Run the one regeneration command into a temporary folder."""
    out = tmp_path_factory.mktemp("images")
    result = subprocess.run(
        [sys.executable, str(DRAW), str(out)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return out


def test_command_writes_every_figure(regenerated: Path) -> None:
    written = sorted(p.stem for p in regenerated.glob("*.png"))
    assert written == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_figure_is_a_sensible_png(regenerated: Path, name: str) -> None:
    path = regenerated / f"{name}.png"
    assert path.stat().st_size > 10_000, f"{name}.png is suspiciously small"
    width, height = _png_size(path)
    assert 800 <= width <= 1800 and 400 <= height <= 1000, (width, height)


def test_every_committed_png_has_its_source() -> None:
    committed = sorted(p.stem for p in IMAGES.glob("*.png"))
    orphans = sorted(set(committed) - set(NAMES))
    missing = sorted(set(NAMES) - set(committed))
    assert not orphans, f"PNGs in images/ that draw.py does not produce: {orphans}"
    assert not missing, f"figures never generated into images/: {missing}; run python images/draw.py"


@pytest.mark.parametrize("name", NAMES)
def test_committed_png_matches_its_source(regenerated: Path, name: str) -> None:
    committed, fresh = IMAGES / f"{name}.png", regenerated / f"{name}.png"
    if committed.read_bytes() == fresh.read_bytes():
        return
    import matplotlib.image as mpimg
    import numpy as np

    a, b = mpimg.imread(committed), mpimg.imread(fresh)
    assert a.shape == b.shape and np.abs(a - b).max() < 0.02, (
        f"images/{name}.png is out of date with draw.py; run python images/draw.py"
    )


def test_output_is_byte_stable(regenerated: Path, tmp_path: Path) -> None:
    draw.draw(tmp_path, only=NAMES[:3])
    for name in NAMES[:3]:
        assert (tmp_path / f"{name}.png").read_bytes() == (regenerated / f"{name}.png").read_bytes(), name


@pytest.mark.parametrize("name", NAMES)
def test_no_text_overlaps_or_is_cut_off(name: str) -> None:
    import matplotlib.pyplot as plt

    fig = draw.FIGURES[name]()
    try:
        assert draw.text_problems(fig) == []
    finally:
        plt.close(fig)


def test_every_figure_is_documented() -> None:
    readme = (IMAGES / "README.md").read_text(encoding="utf-8")
    undocumented = [n for n in NAMES if f"{n}.png" not in readme]
    assert not undocumented, f"add these to images/README.md: {undocumented}"


def test_partitioner_matches_kafka_python() -> None:
    default = pytest.importorskip("kafka.partitioner.default")
    for i in range(1, 50):
        key = f"sensor_{i}".encode()
        assert draw.partition_for(key.decode()) == (default.murmur2(key) & 0x7FFFFFFF) % 2
