"""Script and case folding: the one comparison form of Chinese text in the library
(search, actors matched whatever the script they were written in, units)."""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc
from pypinyin import Style
from pypinyin.contrib.tone_convert import to_tone3
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

NOT_IN_SORT_KEYS = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=4)
def converter(config):
    return opencc.OpenCC(config)


# A run of characters OpenCC may convert: CJK ideographs (with extensions and
# compatibility forms), 〇, and ． (which STPhrases holds inside foreign names).
# Its dictionaries match nothing else, so a text converts run by run exactly as it
# would whole (tests/browse/test_script_display.py, tests/practices/test_folding.py
# compare the two), and each run's conversion is remembered: titles, names and the
# interface's words are converted once per process.
CONVERTIBLE_RUN = re.compile(
    "[\u3007\uff0e\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+"
)
RUNS_REMEMBERED = 100_000


@lru_cache(maxsize=RUNS_REMEMBERED)
def converted_run(run, config):
    return converter(config).convert(run)


def convert(text, config):
    """`text` converted by OpenCC `config`, one run of Han characters at a time."""
    return CONVERTIBLE_RUN.sub(lambda match: converted_run(match[0], config), text)


@lru_cache(maxsize=1)
def traditional_characters():
    """The characters that OpenCC's t2s may change: those of its character table,
    and those of the few phrases that hold none of them (沈默 → 沉默). Text without
    one converts to itself, so it need not be converted (a set: testing a text
    against it is ten times faster than a pattern of 4,000 characters)."""
    tables = Path(opencc.__file__).parent / "dictionary"
    table = (tables / "TSCharacters.txt").read_text("utf-8").splitlines()
    chars = {line.split("\t", 1)[0] for line in table}
    chars = {c for c in chars if len(c) == 1}
    for line in (tables / "TSPhrases.txt").read_text("utf-8").splitlines():
        phrase, converted = line.split("\t", 1)
        if phrase != converted and not chars.intersection(phrase):
            chars.update(phrase)
    return frozenset(chars)


def has_traditional(text):
    """Whether `text` holds a character that t2s may change."""
    return not traditional_characters().isdisjoint(text)


def fold_script(text):
    """Text folded for comparison: 六單工作法 → 六单工作法, ＡＢＣ → abc."""
    text = unicodedata.normalize("NFKC", text or "")
    if has_traditional(text):  # else t2s changes nothing
        text = convert(text, "t2s")
    return text.lower()


def to_traditional(text):
    """Simplified text in (OpenCC s2t) Traditional: the benchmark generator's input."""
    return converter("s2t").convert(text or "")


def fold_unit(unit):
    """A figure's unit in its one stored form: 個 and 个 are one unit (个)."""
    return fold_script(unit.strip()) if unit else ""


def pinyin_sort_key(text):
    """Text as it sorts in a Chinese index: by pinyin with tone numbers, punctuation
    left out (“六单工作法” → "liu4 dan1 gong1 zuo4 fa3"); Latin letters and digits as
    they are. pypinyin reads Traditional characters too (結 → jie2)."""
    words = PINYIN.seg(unicodedata.normalize("NFKC", text or ""))
    keys = (word_sort_key(word) for word in words)
    return " ".join(key for key in keys if key)[:MAX_SORT_KEY]


PINYIN = Pinyin(UltimateConverter())  # as lazy_pinyin() makes it


@lru_cache(maxsize=RUNS_REMEMBERED)
def word_sort_key(word):
    """The sort key of one word as pypinyin cuts a text (a phrase of its
    dictionary, a character, a run of other characters): pypinyin reads each word
    on its own, so a text's key is its words' keys, and a word's is worked out once
    per process (titles share most of their words)."""
    syllables = PINYIN.lazy_pinyin([word], Style.TONE)  # a list: cut already
    keys = (NOT_IN_SORT_KEYS.sub(" ", tone3(s).lower()).strip() for s in syllables)
    return " ".join(key for key in keys if key)


@lru_cache(maxsize=8192)
def tone3(syllable):
    """A syllable with tone marks (lǜ) as pypinyin's Style.TONE3 writes it (lv4),
    worked out once per syllable: pypinyin converts every syllable of every text
    anew, a third of a title's sort key (bench/README.md). A run pypinyin passed
    through as it was (digits, Latin letters) stays as it is."""
    return syllable if ANY_DIGIT.search(syllable) else to_tone3(syllable)


ANY_DIGIT = re.compile(r"\d")


MAX_SORT_KEY = 500
