"""Korean plots find a font with Hangul glyphs, so labels never render as empty boxes (tofu)."""
from __future__ import annotations

import warnings

import pytest

from workshop import fonts, plots


def test_a_hangul_font_is_installed() -> None:
    assert fonts.korean_font() is not None, (
        "no font with Hangul glyphs: install fonts-noto-cjk (.ci/run and the Dockerfile do)")


def test_korean_plot_labels_are_drawn_with_their_glyphs(monkeypatch) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    monkeypatch.setenv("WORKSHOP_LANG", "ko")
    fig = plots.draw([])
    FigureCanvasAgg(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    assert not [w for w in caught if "missing from font" in str(w.message)], [str(w.message) for w in caught]
    ax = fig.axes[0]
    labels = [ax.get_xlabel(), fig.get_suptitle(), ax.texts[0].get_text()]
    assert labels == ["이벤트 시각 (UTC)", "센서별 온도", "아직 저장된 측정값이 없습니다"]
    family = fonts.korean_font()
    assert family in ax.xaxis.label.get_fontfamily()
    for text in labels:
        assert fonts.has_glyphs(family, text), text


def test_english_plots_keep_matplotlibs_font(monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_LANG", "en")
    fig = plots.draw([])
    assert fig.axes[0].xaxis.label.get_fontfamily() == [fonts.LATIN]
    assert fig.axes[0].get_xlabel() == "event time (UTC)"


def test_without_a_hangul_font_the_learner_is_told_how_to_install_one(monkeypatch, capsys) -> None:
    monkeypatch.setattr(fonts, "KOREAN_FONTS", ("No Such Font KR",))
    monkeypatch.setattr(fonts, "_warned", False)
    assert fonts.families("ko") == [fonts.LATIN]
    assert "fonts-noto-cjk" in capsys.readouterr().err
    assert fonts.has_glyphs(fonts.LATIN, "한") is False
    assert fonts.has_glyphs(fonts.LATIN, "Kafka") is True


@pytest.fixture(autouse=True)
def _restore_font_family():
    import matplotlib

    before = matplotlib.rcParams["font.family"]
    yield
    matplotlib.rcParams["font.family"] = before


def test_a_font_installed_after_matplotlibs_cache_is_found(monkeypatch) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name])
    assert fonts.korean_font() is not None, "the font files on disk were not looked at again"
