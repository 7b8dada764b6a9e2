"""Script and case folding: the one comparison form of Chinese text in the library
(search, actors matched whatever the script they were written in, units)."""

import unicodedata
from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def _to_simplified():
    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _to_traditional():
    return OpenCC("s2t")


def fold_script(text):
    """Text folded for comparison: 六單工作法 → 六单工作法, ＡＢＣ → abc."""
    text = unicodedata.normalize("NFKC", text or "")
    return _to_simplified().convert(text).lower()


def to_traditional(text):
    """Simplified text in (OpenCC s2t) Traditional: the benchmark generator's input."""
    return _to_traditional().convert(text or "")


def fold_unit(unit):
    """A figure's unit in its one stored form: 個 and 个 are one unit (个)."""
    return fold_script(unit.strip()) if unit else ""
