"""A font with Hangul glyphs for matplotlib, so Korean labels never show as empty boxes (tofu)."""
from __future__ import annotations

import sys
from types import ModuleType

KOREAN_FONTS = (
    "Noto Sans CJK KR",  # Debian/Ubuntu fonts-noto-cjk: .ci/run and the Dockerfile install it
    "Noto Sans KR",
    "NanumGothic",
    "Malgun Gothic",  # Windows
    "Apple SD Gothic Neo",  # macOS
    "AppleGothic",
    "Noto Sans CJK JP",  # the same glyphs for Hangul, if only another CJK face is installed
)
"""Families tried in order; the first one installed whose file has the Hangul glyphs is used."""
LATIN = "DejaVu Sans"
"""matplotlib's own font, kept first so Latin text looks the same in both editions."""
_warned = False


def has_glyphs(family: str, text: str) -> bool:
    """Whether the font file matplotlib picks for `family` has a glyph for every non-space character of `text`."""
    from matplotlib import font_manager

    try:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    font = font_manager.get_font(path)
    return all(font.get_char_index(ord(ch)) != 0 for ch in text if not ch.isspace())


def korean_font() -> str | None:
    """The first installed family of KOREAN_FONTS that has Hangul glyphs, or None.

    matplotlib caches the system's font list once; a font installed after that (e.g. `apt-get install fonts-noto-cjk`)
    is not in the cache, so the system's font files are looked at again before giving up.
    """
    from matplotlib import font_manager

    found = _first_korean(font_manager)
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(mark in path for mark in ("CJK", "Nanum", "Malgun", "AppleSDGothic", "AppleGothic", "NotoSansKR")):
                font_manager.fontManager.addfont(path)
        found = _first_korean(font_manager)
    return found


def _first_korean(font_manager: ModuleType) -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in KOREAN_FONTS if f in installed and has_glyphs(f, "한글 가나다")), None)


def families(lang: str) -> list[str]:
    """The font family list for text in `lang`: DejaVu Sans, then (Korean) a Hangul font as per-glyph fallback."""
    if lang != "ko":
        return [LATIN]
    found = korean_font()
    if found is None:
        warn_missing()
        return [LATIN]
    return [LATIN, found]


def use(lang: str) -> list[str]:
    """Make matplotlib draw `lang` text with glyphs (rcParams font.family); return the families set."""
    import matplotlib

    chosen = families(lang)
    matplotlib.rcParams["font.family"] = chosen
    return chosen


def warn_missing() -> None:
    """Say once, in the learner's language, that no Hangul font is installed and how to install one."""
    global _warned
    if not _warned:
        from .messages import say

        print(say("font.missing", lang="ko"), file=sys.stderr)
        _warned = True
