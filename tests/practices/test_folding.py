"""Folding skips OpenCC for text that holds no character t2s could change: the
result must be exactly what converting every text gives."""

import unicodedata
from pathlib import Path

import opencc
import pytest

from practices.folding import converter, fold_script
from practices.models import SourceDocument

from ..conftest import ROOT


def converted(text):
    text = unicodedata.normalize("NFKC", text)
    return converter("t2s").convert(text).lower()


def dictionary_entries(name):
    table = Path(opencc.__file__).parent / "dictionary" / name
    for line in table.read_text("utf-8").splitlines():
        key, values = line.split("\t", 1)
        yield key
        yield from values.split(" ")


def test_the_phrases_without_a_traditional_character_still_fold():
    assert fold_script("沈默") == "沉默"
    assert fold_script("沈船") == "沉船"
    assert fold_script("沈阳市") == converted("沈阳市")


def test_folding_equals_converting_every_dictionary_entry():
    """Every phrase and character of both directions' dictionaries, as keys and as
    values: Simplified text (which folding leaves alone) among them."""
    for name in ("TSPhrases.txt", "TSCharacters.txt", "STPhrases.txt"):
        for entry in dictionary_entries(name):
            assert fold_script(entry) == converted(entry), entry


@pytest.mark.django_db
def test_folding_equals_converting_every_seed_source(seed_library):
    texts = [source.text for source in SourceDocument.objects.all()]
    assert texts
    for text in texts:
        for line in text.splitlines():
            assert fold_script(line) == converted(line)


def test_sort_keys_read_as_pypinyin_tone3_reads_them():
    """pinyin_sort_key converts each syllable's tone marks once (tone3): the keys
    are those pypinyin's own Style.TONE3 gives, for every line of the seed pages
    (in both scripts) and runs pypinyin passes through."""
    import re

    from pypinyin import Style, lazy_pinyin

    from practices.folding import (
        MAX_SORT_KEY,
        NOT_IN_SORT_KEYS,
        pinyin_sort_key,
        to_traditional,
    )

    def direct(text):
        syllables = lazy_pinyin(unicodedata.normalize("NFKC", text), Style.TONE3)
        words = (NOT_IN_SORT_KEYS.sub(" ", s.lower()).strip() for s in syllables)
        return " ".join(word for word in words if word)[:MAX_SORT_KEY]

    pages = sorted((ROOT / "fixtures" / "seed-pages").glob("*.txt"))
    lines = [line for page in pages for line in page.read_text("utf-8").splitlines()]
    lines += [to_traditional(line) for line in lines]
    lines += [
        "2013年",
        "60余万",
        "ABC abc 123",
        "Ｆｕｌｌ ２０２０",
        "绿色 女 略 吕",
        "嗯 呣",
    ]
    assert len(lines) > 500
    for line in lines:
        assert pinyin_sort_key(line) == direct(line), line
    assert re.fullmatch(r"lv4 se4 nv3 lve4 lv3 .*", pinyin_sort_key("绿色 女 略 吕 嗯"))
