"""Slugs and keys made from Chinese titles, in pinyin: 六单工作法 → liu-dan-gong-zuo-fa.

Django's own slugify (and the admin's URLify script) drop Chinese characters, which
leaves a Chinese title with an empty slug; editors would have to type one by hand.
"""

import re

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

MAX_LENGTH = 60


def pinyin_slug(text, max_length=MAX_LENGTH):
    """ASCII words of `text` in pinyin (Chinese) or as written (Latin), joined by -."""
    words = lazy_pinyin(text or "", style=Style.NORMAL, errors="default")
    slug = slugify("-".join(words).replace("ü", "v"))
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


def unique_slug(text, taken, max_length=MAX_LENGTH):
    """pinyin_slug(text), with -2, -3 … added until `taken(slug)` is False."""
    base = pinyin_slug(text, max_length - 4) or "practice"
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug
