"""Provenance checks: a quote is in its source, and a metric's number is in its quote.

Seed texts break lines mid-sentence, so quotes are compared with all whitespace
removed. Numbers are found in every written form a Chinese article uses: 12000,
12,000, 1.2万, 60余万, 3~5, 六, 十五, 一百二十二; 五成 also reads as 50 (per cent), and
每天/每周 and 当天 as 1 (once a day; within the same day).
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

WHITESPACE = re.compile(r"\s+")
MAGNITUDES = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
}
DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# An Arabic number may be followed by 余/多 and a magnitude: 60余万, 1.2万, 3千.
ARABIC_WITH_MAGNITUDE = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)[余多]?([十百千万萬亿億]+)"
)
CHINESE_NUMERAL = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
# Tenths as a share: 五成 is 50 %, 3成 30 %.
TENTHS = re.compile(r"(\d+(?:\.\d+)?|[一二两兩三四五六七八九十]+)成")
# Words that state "one" without a numeral: 每天/每周 (once a day, a week) and
# 当天/当日 (within the same day: a one-day limit).
IMPLIED_ONE = re.compile(r"每(?:天|日|周|週|星期|月|季度|年)|当[天日]|當[天日]")


def squeeze(text):
    """The text with every whitespace character removed."""
    return WHITESPACE.sub("", text or "")


def quote_in_text(quote, text):
    """Is `quote` a verbatim passage of `text`, ignoring whitespace and line breaks?"""
    needle = squeeze(quote)
    return bool(needle) and needle in squeeze(text)


def numbers_in(text):
    """Every number `text` states, in all the readings its written forms allow."""
    text = unicodedata.normalize("NFKC", squeeze(text))
    found = set()
    for match in ARABIC.finditer(text):
        found.add(_decimal(match.group()))
    for match in ARABIC_WITH_MAGNITUDE.finditer(text):
        scale = 1
        for char in match.group(2):
            scale *= MAGNITUDES[char]
        found.add(_decimal(match.group(1)) * scale)
    for match in CHINESE_NUMERAL.finditer(text):
        found.update(_chinese_readings(match.group()))
    for match in TENTHS.finditer(text):
        tenths = match.group(1)
        number = (
            _decimal(tenths) if tenths[0].isdigit() else parse_chinese_number(tenths)
        )
        if number is not None:
            found.add(Decimal(number) * 10)
    if IMPLIED_ONE.search(text):
        found.add(Decimal(1))
    found.discard(None)
    return found


def number_in_quote(value, quote):
    """Does the number `value` appear in `quote` in some written form?"""
    try:
        wanted = Decimal(str(value))
    except InvalidOperation:
        return False
    return any(wanted == number for number in numbers_in(quote))


def _decimal(written):
    try:
        return Decimal(written.replace(",", ""))
    except InvalidOperation:
        return None


def _chinese_readings(run):
    """Readings of a run of Chinese numeral characters.

    The run may hold more than a number (一口受理 gives 一; 万户 gives nothing useful),
    so the whole run and each of its prefixes are read.
    """
    readings = set()
    for end in range(1, len(run) + 1):
        value = parse_chinese_number(run[:end])
        if value is not None:
            readings.add(Decimal(value))
    return readings


def parse_chinese_number(text):
    """一百二十二 → 122, 十五 → 15, 三万 → 30000, 二〇二〇 → 2020; else None."""
    if not text or text[0] not in DIGITS and text[0] != "十":
        return None
    if all(char in DIGITS for char in text):
        return (
            int("".join(str(DIGITS[c]) for c in text))
            if len(text) > 1
            else DIGITS[text]
        )
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in ("万", "萬", "亿", "億"):
            section = (section + (digit or 0)) * MAGNITUDES[char]
            total, section, digit = total + section, 0, None
        else:  # 十 百 千
            section += (1 if digit is None else digit) * MAGNITUDES[char]
            digit = None
    return total + section + (digit or 0)
