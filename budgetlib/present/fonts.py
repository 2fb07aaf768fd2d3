"""CJK fonts without a system install, from mplfonts: Noto Sans CJK SC for matplotlib, SimHei (TrueType) for
reportlab pages."""

from __future__ import annotations

import functools
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"
TTF_FILE = "SimHei.ttf"


def cjk_font_path() -> Path:
    import mplfonts

    path = Path(mplfonts.__file__).resolve().parent / "fonts" / FONT_FILE
    if not path.exists():  # pragma: no cover - a broken mplfonts install
        raise FileNotFoundError(f"mplfonts does not ship {FONT_FILE}: {path.parent}")
    return path


def cjk_ttf_path() -> Path:
    """A TrueType CJK font (SimHei, also shipped by mplfonts): reportlab embeds TrueType outlines only,
    and the Noto OTF above has PostScript (CFF) outlines."""
    import mplfonts

    path = Path(mplfonts.__file__).resolve().parent / "fonts" / TTF_FILE
    if not path.exists():  # pragma: no cover - a broken mplfonts install
        raise FileNotFoundError(f"mplfonts does not ship {TTF_FILE}: {path.parent}")
    return path


@functools.cache
def cjk_font_name() -> str:
    """Register the font with matplotlib once per process; its family name ('Noto Sans CJK SC')."""
    from matplotlib import font_manager

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def cjk_rc() -> dict[str, object]:
    """rcParams for a figure with Chinese labels (use with matplotlib.rc_context, never globally)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [cjk_font_name(), "DejaVu Sans"],
        # The CJK font has no U+2212 minus; use the ASCII hyphen instead of a missing glyph.
        "axes.unicode_minus": False,
    }
