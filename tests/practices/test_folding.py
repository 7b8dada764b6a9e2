"""Folding skips OpenCC for text that holds no character t2s could change: the
result must be exactly what converting every text gives."""

import unicodedata
from pathlib import Path

import opencc
import pytest

from practices.folding import converter, fold_script
from practices.models import SourceDocument


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
