"""Script and case folding: the one comparison form of Chinese text in the library
(search, actors matched whatever the script they were written in, units)."""

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

NOT_IN_SORT_KEYS = re.compile(r"[^0-9a-z]+")


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


def pinyin_sort_key(text):
    """Text as it sorts in a Chinese index: by pinyin with tone numbers, punctuation
    left out (“六单工作法” → "liu4 dan1 gong1 zuo4 fa3"); Latin letters and digits as
    they are. pypinyin reads Traditional characters too (結 → jie2)."""
    syllables = lazy_pinyin(unicodedata.normalize("NFKC", text or ""), Style.TONE3)
    words = (NOT_IN_SORT_KEYS.sub(" ", s.lower()).strip() for s in syllables)
    return " ".join(word for word in words if word)[:MAX_SORT_KEY]


MAX_SORT_KEY = 500
