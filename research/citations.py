"""Citations of a practice, or of one of its steps or figures, in BibTeX, RIS,
CSL-JSON and GB/T 7714-2015, each naming the version cited, its URL and the access
date; a figure's or step's citation carries its quote as the locator.

The authors cited are those of the practice's source articles, as printed, each
name kept whole (雷鸿涛, never "雷, 鸿涛": Chinese names are not split into given
and family names); the library is the publisher. A practice whose sources print no
author is cited under the library's name.
"""

import json
from dataclasses import dataclass

LIBRARY = "govcases 基层治理案例库"
LIBRARY_SHORT = "govcases"


@dataclass
class Citation:
    practice: object
    version: int
    url: str  # the version's page, with the step's or figure's anchor
    accessed: object  # a date
    item: object = None  # a Step or Metric, or None for the practice

    @property
    def title(self):
        if self.item is None:
            return self.practice.title
        return f"{self.practice.title}：{self.item.name}"

    @property
    def authors(self):
        names = []
        for source in self.practice.sources.all():
            names += [name for name in source.authors.split() if name not in names]
        return names

    @property
    def year(self):
        return self.practice.updated_at.year

    @property
    def locator(self):
        return self.item.source_quote if self.item is not None else ""

    @property
    def key(self):
        key = f"govcases-{self.practice.slug}-v{self.version}"
        if self.item is None:
            return key
        return f"{key}-{type(self.item).__name__.lower()}{self.item.pk}"


def _bibtex_escape(text):
    for char in "\\{}%&$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(citation):
    authors = " and ".join(f"{{{_bibtex_escape(name)}}}" for name in citation.authors)
    fields = {
        "author": f"{{{authors}}}" if authors else f"{{{{{LIBRARY_SHORT}}}}}",
        "title": f"{{{_bibtex_escape(citation.title)}}}",
        "howpublished": f"{{{LIBRARY}}}",
        "publisher": f"{{{LIBRARY_SHORT}}}",
        "year": f"{{{citation.year}}}",
        "version": f"{{{citation.version}}}",
        "url": f"{{{citation.url}}}",
        "urldate": f"{{{citation.accessed.isoformat()}}}",
    }
    if citation.locator:
        fields["note"] = f"{{引文：{_bibtex_escape(citation.locator)}}}"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@misc{{{citation.key},\n{body}\n}}\n"


def ris(citation):
    lines = [("TY", "DBASE")]
    lines += [("AU", name) for name in citation.authors] or [("AU", LIBRARY_SHORT)]
    lines += [
        ("TI", citation.title),
        ("T2", LIBRARY),
        ("PB", LIBRARY_SHORT),
        ("PY", str(citation.year)),
        ("ET", str(citation.version)),
        ("UR", citation.url),
        ("Y2", citation.accessed.strftime("%Y/%m/%d")),
    ]
    if citation.locator:
        lines.append(("N1", f"引文：{citation.locator}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def csl_json(citation):
    accessed = citation.accessed
    item = {
        "id": citation.key,
        "type": "dataset",
        "title": citation.title,
        "author": [{"literal": name} for name in citation.authors]
        or [{"literal": LIBRARY_SHORT}],
        "container-title": LIBRARY,
        "publisher": LIBRARY_SHORT,
        "issued": {"date-parts": [[citation.year]]},
        "version": str(citation.version),
        "URL": citation.url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": "zh",
    }
    if citation.locator:
        item["note"] = f"引文：{citation.locator}"
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def gbt7714(citation):
    """GB/T 7714-2015, an online database record ([DB/OL]); more than three authors
    are cut to three and 等."""
    authors = citation.authors or [LIBRARY_SHORT]
    named = ", ".join(authors[:3]) + (", 等" if len(authors) > 3 else "")
    text = (
        f"{named}. {citation.title}[DB/OL]. 版本 {citation.version}. "
        f"{LIBRARY}, {citation.year}[{citation.accessed.isoformat()}]. {citation.url}."
    )
    if citation.locator:
        text += f" 引文：“{citation.locator}”."
    return text


FORMATS = {
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8", ris),
    "csl": ("json", "application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
    "gbt7714": ("txt", "text/plain; charset=utf-8", gbt7714),
}
