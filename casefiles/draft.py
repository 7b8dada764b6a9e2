"""Draft case files: a pasted newspaper article turned, by rules, into a case file
(docs/case-file.md) for an editor to correct: offline, each rule a table or a small
function (figures in casefiles/draft_numbers.py); docs/drafts.md measures them.

1. Blocks (`read_blocks`): a line joins the open paragraph until it ends a sentence
   (scans break lines mid-sentence); else it is an enumerated heading
   (`LINE_MARKERS`), a byline (`is_meta`: left out), a subhead (`is_subhead`) or a
   new paragraph. The first line is the headline unless the next one continues it.
2. Steps nest by fixed ranks (`RANKS`: 一、 > subhead > 解法一 > （一） > 1. > run-in
   pair > run-in (`is_runin`: 分类摸排。) > 第一步 > ① > inline items, which count
   as runs 一, 二, … (`INLINE_MARKERS`: 一是, 一看，) and close with their paragraph).
   Named by the heading trimmed (≤ 40), quoting it; "stage" for sequences (第一步,
   ①, 1., 一看), else "component".
3. Figures (draft_numbers) and actors go to the step whose section holds them.
   Actors are the caller's (name, kind, level), longest first, scripts folded, with
   a role by `ROLE_CUES`; the file declares them, as the format requires for actors
   the library lacks (which this function cannot see).
4. Practice: slug the title's pinyin (≤ 60), level read off the region, summary the
   first sentences (≤ 200), themes by keyword counts (`THEME_RULES`; the format
   allows [], which a text with no clear theme gets, for the editor to fill).
"""

import hashlib
import re
from dataclasses import dataclass
from statistics import median

from pypinyin import lazy_pinyin

from practices.choices import ActorKind, Level
from practices.provenance import parse_chinese_number, squeeze

from .draft_numbers import fold_chars, read_figures

RANKS = {"cn": 1, "subhead": 2, "label": 3, "paren": 4, "arabic": 5, "outer": 6}
RANKS.update(runin=7, step=8, circled=9, inline=10)
NUMBERS = "一二三四五六七八九十"
LABELS = "解法|举措|做法|措施|经验|路径|招数|妙招"
LINE_MARKERS = [  # (rank, step kind, enumerator at the start of a line)
    ("cn", "component", rf"[{NUMBERS}]+、"),
    ("label", "component", rf"(?:{LABELS})[{NUMBERS}\d]+"),
    ("paren", "component", rf"[（(][{NUMBERS}]+[）)]"),
    ("arabic", "stage", r"\d{1,2}[.．、](?!\d)"),
    ("step", "stage", rf"第[{NUMBERS}\d]+步"),
    ("circled", "stage", r"[①-⑳]"),
]
AFTER_BREAK = r"(?:^|(?<=[。；;，,：:]))"
INLINE_MARKERS = [  # (step kind, item marker; group 1 is the item's number)
    ("component", rf"{AFTER_BREAK}([{NUMBERS}]+)是"),
    ("stage", rf"{AFTER_BREAK}第([{NUMBERS}\d]+)步"),
    ("stage", r"([①-⑳])"),
    ("stage", rf"{AFTER_BREAK}([{NUMBERS}])(?=[^\W\d{NUMBERS}][，,])"),  # 一看，
]
SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’」』]?|$)")
SENTENCE_END = re.compile(r"(?:[。！？!?]|……)[”’」』）)]*$")
EDGE_PUNCTUATION = "，,。.；;：:、！!？? \u3000"
OPENERS = "目前 近日 近年 据 同时 此外 如 其中 截至 本报 记者 对此 为此 由 对 在 把 将"
RUNIN_OPENERS = re.compile("^(?:" + "|".join(OPENERS.split()) + ")")
BYLINE_WORDS = re.compile(r"记者|通讯员|编辑|作者|供稿|来源|摄影")
ROLE_CUES = [("leads", "牵头|负责|主导"), ("carries_out", "落实|办理|承办")]
ROLE_CUES += [("takes_part", ".*")]  # the default
ROLE_ORDER = ["leads", "carries_out", "takes_part"]
THEME_RULES = dict(  # theme slug (fixtures/themes.json) = words that are a mention
    rule.split("=")
    for rule in (
        "grid-management=网格 public-appeals=诉求|热线|接诉即办 "
        "dispute-resolution=矛盾|纠纷|调解|信访 "
        "public-security=治安|平安|公安|警情|刑事 "
        "digital-governance=大数据|信息化|智慧|数字|互联网|平台 "
        "party-building=党建|党组织|党支部|党员 "
        "inspection-supervision=巡视|巡察|督查|监督 "
        "poverty-alleviation=脱贫|扶贫|贫困 rural-revitalisation=乡村振兴|村庄规划 "
        "social-assistance=帮困|救助|困难群众|低保 public-services=公共服务|便民|民生 "
        "volunteering=志愿|社会组织|社工 emergency-management=应急|灾害|防汛|地灾 "
        "government-services-reform=审批|政务服务|放管服|一网通办|一次办 "
        "education=学校|教育|教师|学生 cadre-assessment=考核|考评|干部考察|实绩 "
        "consultative-democracy=协商|议事|有事好商量|恳谈 "
        "grassroots-governance=基层治理|社会治理"
    ).split()
)
LEVELS = [level.value for level in Level]  # province … village, by depth
LEVEL_SUFFIXES = [("自治区", "province"), ("省", "province"), ("州", "prefecture")]
LEVEL_SUFFIXES += [("盟", "prefecture"), ("镇", "township"), ("乡", "township")]
LEVEL_SUFFIXES += [("街道", "township"), ("村", "village"), ("社区", "village")]


@dataclass
class Block:
    kind: str  # "heading", "para" or "meta"
    text: str
    rank: str = ""
    step_kind: str = ""
    name: str = ""


def draft_case_file(
    text, *, title="", region="", script="hans", known_actors=(), source_key=None
):
    """A draft case file (a dict) for the article `text`; see the module docstring."""
    if not text or not text.strip():
        raise ValueError("The text is empty.")
    blocks, headline = read_blocks(text, title)
    title = (title or headline).strip()[:255]
    slug = slug_for(title)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    key = source_key or f"draft-{slug[:40].strip('-')}-{digest}"
    builder = Builder(actor_index(known_actors))
    for block in blocks:
        builder.add(block)
    practice = {"slug": slug, "title": title, "region": region,
                "implementing_level": level_of(region),
                "summary": summary_of(blocks, title), "themes": themes_of(text),
                "status": "draft", "sources": [key], **builder.practice}  # fmt: skip
    source = {"key": key, "title": title, "script": script, "text": text}
    document = {"format": "govcases-case-file", "version": 1, "sources": [source]}
    if builder.used:
        document["actors"] = [builder.actors[name] for name in sorted(builder.used)]
    document["practices"] = [_tidy(practice)]
    return document


def read_blocks(text, title=""):
    """(blocks, headline): the text's lines joined into paragraphs and headings."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    column = median(len(squeeze(line)) for line in lines) <= 20
    short = len(squeeze(lines[0])) <= 60 and not re.search("[。！？!?]", lines[0])
    alone = short and not continued("".join(lines[1:2]))
    has_headline = squeeze(lines[0]) == squeeze(title) if title else alone
    blocks, index = [], int(has_headline)
    while index < len(lines):
        line, following = lines[index], lines[index + 1 : index + 2]
        last = blocks[-1] if blocks else Block("meta", "")
        if last.kind == "para" and not SENTENCE_END.search(last.text):
            last.text += line
        elif (taken := _add_enumerated(blocks, line, following)) is not None:
            index += taken
        elif is_meta(line):
            blocks.append(Block("meta", line))
        elif is_subhead(line, following, column, blocks):
            blocks.append(Block("heading", line, "subhead", "component", _clean(line)))
        else:
            blocks.append(Block("para", line))
        index += 1
    first_sentence = _clean(SENTENCE.match("".join(lines)).group(), 100) or lines[0]
    return blocks, lines[0] if has_headline else first_sentence


def _add_enumerated(blocks, line, following):
    """Add the heading a line's enumerator opens, and return 1 if it took the next
    line as its text (解法一 / “两个严格”…), else 0; None: not enumerated."""
    marker = [(r, k, re.match(p, fold_chars(line))) for r, k, p in LINE_MARKERS]
    rank, kind, length = next(((r, k, m.end()) for r, k, m in marker if m), [None] * 3)
    if rank is None:
        return None
    head = SENTENCE.match(line).group()
    name, taken = _clean(head[length:]), 0
    if not name and following and len(squeeze(following[0])) <= 40:
        head, name, taken = line + following[0], _clean(following[0]), 1
    if name:
        blocks.append(Block("heading", head, rank, kind, name))
    if line[len(head) :].strip() and not taken:
        blocks.append(Block("para", line[len(head) :].strip()))
    return taken


def is_meta(line):
    """A byline, caption, pull-quote or subtitle line: not part of the practice."""
    text, tokens = squeeze(line), line.split()
    return (
        len(text) <= 3
        or text[0] in "—-【[□■●"
        or (text[0] in "（(" and text[-1] in "）)")
        or (len(text) <= 30 and "。" not in text and bool(BYLINE_WORDS.search(text)))
        or (len(tokens) >= 2 and len(text) <= 16 and max(map(len, tokens)) <= 4)
    )


def is_subhead(line, following, column, blocks):
    """A line alone as a heading (一个中心); in a column scan, no comma, not next."""
    text = squeeze(line)
    halves = any(
        text.count(a) != text.count(b) for a, b in ("“”", "（）", "()", "《》")
    )
    if halves or not 4 <= len(text) <= 30 or re.search("[。！？；：!?;:]", text):
        return False  # half of a quotation or bracket, too long or short, a sentence
    if text[-1] in "，,、（(“" or RUNIN_OPENERS.match(text):  # 据介绍…
        return False
    if following and continued(following[0]):
        return False
    after_heading = bool(blocks) and blocks[-1].kind == "heading"
    return not (column and (after_heading or re.search("[，,、]", text)))


def continued(line):
    """Does `line` go on with the sentence before it (设。湖南省委印发…)?"""
    match = re.search(r"[。，、；：！？,;:!?]", squeeze(line))
    return bool(match) and match.start() <= 2


def sentence_spans(text):
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]


def _clean(text, limit=40):
    return text.strip().strip(EDGE_PUNCTUATION)[:limit].strip()


def paragraph_marks(text):
    """(offset, rank, step) of the run-in headings and inline items of a paragraph."""
    spans, heads = sentence_spans(text), []
    for start, end in spans[:2]:
        if len(spans) <= len(heads) + 1 or not is_runin(text[start:end]):
            break
        heads.append(text[start:end])
    ranks = ["runin"] if len(heads) == 1 else ["outer", "runin"]
    marks = [
        (text.index(head), rank, new_step(head, head, "component"))
        for rank, head in zip(ranks, heads, strict=False)
    ]
    return marks + inline_marks(text, spans)


def is_runin(sentence):
    """A short first sentence that names what its paragraph does (分类摸排。)."""
    body = squeeze(sentence)
    return (
        body.endswith("。")
        and 2 <= len(body) - 1 <= 18
        and not RUNIN_OPENERS.match(body)
        and not re.search("[是的了]", body)  # a statement, not a heading
    )


def inline_marks(text, spans):
    """Items of an enumeration inside a paragraph: runs 一, 二, … of one marker."""
    marks, folded = [], fold_chars(text)
    for kind, pattern in INLINE_MARKERS:
        run = []
        for match in re.finditer(pattern, folded):
            number = _item_number(match.group(1))
            if number == 1:
                marks += _run_marks(text, spans, run, kind)
                run = [match]
            elif run and number == _item_number(run[-1].group(1)) + 1:
                run.append(match)
        marks += _run_marks(text, spans, run, kind)
    return sorted(marks, key=lambda mark: mark[0])


def _item_number(numeral):
    if "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    return int(numeral) if numeral.isdigit() else parse_chinese_number(numeral)


def _run_marks(text, spans, run, kind):
    """Steps for a run of two or more items, each quoting its first sentence."""
    marks = []
    for index, match in enumerate(run if len(run) >= 2 else []):
        end = run[index + 1].start() if index + 1 < len(run) else len(text)
        end = min([end] + [e for s, e in spans if s <= match.start() < e])
        quote = text[match.start() : end].strip().rstrip("，,、")
        name = re.split(r"[，,。；;：:、]", text[match.end() : end].lstrip("，,：:"))[0]
        if kind == "stage" and re.fullmatch(f"[{NUMBERS}]", match.group()):
            name = text[match.end()]  # 一看，二听，: the item is its verb
        if _clean(name):
            marks.append((match.start(), "inline", new_step(name, quote, kind)))
    return marks


def new_step(name, quote, kind):
    step = {"name": _clean(name), "source_quote": quote.strip(), "kind": kind}
    return step | {"steps": [], "involvements": [], "metrics": []}


class Builder:
    """Walks the blocks in order, keeping the open steps as a stack by rank."""

    def __init__(self, actors):
        self.actors = actors  # folded name → declaration
        self.used = set()
        self.practice = {"steps": [], "involvements": [], "metrics": []}
        self.stack = []  # (rank number, step)

    def current(self):
        return self.stack[-1][1] if self.stack else self.practice

    def open(self, rank, step):
        while self.stack and self.stack[-1][0] >= RANKS[rank]:
            self.stack.pop()
        self.current()["steps"].append(step)
        self.stack.append((RANKS[rank], step))

    def add(self, block):
        if block.kind == "heading":
            self.open(block.rank, new_step(block.name, block.text, block.step_kind))
            self.read(block.text, [])
        elif block.kind == "para":
            self.read(block.text, paragraph_marks(block.text))
            while self.stack and self.stack[-1][0] >= RANKS["inline"]:
                self.stack.pop()

    def read(self, text, marks):
        """Open each mark's step, and attach figures and actors where they sit."""
        events = [(offset, 0, n, mark) for n, (offset, *mark) in enumerate(marks)]
        for start, end in sentence_spans(text):
            quote = text[start:end].strip()
            for n, figure in enumerate(read_figures(text[start:end])):
                events.append((start + figure.start, 1, n, figure.as_metric(quote)))
        for n, (start, name, role) in enumerate(self.actor_hits(text)):
            events.append((start, 2, n, {"actor": name, "role": role}))
        for _offset, order, _n, item in sorted(events, key=lambda e: e[:3]):
            if order == 0:
                self.open(*item)
            elif item is not None:  # None: a figure whose number is not in its quote
                self.current()[("metrics", "involvements")[order - 1]].append(item)

    def actor_hits(self, text):
        """(position, name, role) of each known actor in `text`, longest first."""
        folded, taken, hits = fold_chars(text), set(), []
        for key in sorted(self.actors, key=len, reverse=True):
            for match in re.finditer(re.escape(key), folded):
                span = set(range(match.start(), match.end()))
                if not span & taken:
                    taken |= span
                    self.used.add(key)
                    clause = re.split(r"[，,。；;]", folded[match.end() :][:12])[0]
                    role = [r for r, cues in ROLE_CUES if re.search(cues, clause)]
                    hits.append((match.start(), self.actors[key]["name"], *role[:1]))
        return sorted(hits)


def actor_index(known_actors):
    """{folded name: declaration}; an actor of a kind the format lacks is left out."""
    index = {}
    for name, kind, level in ((tuple(e) + (None, None))[:3] for e in known_actors):
        if name and len(name.strip()) >= 2 and kind in ActorKind.values:
            declared = {"name": name.strip(), "kind": kind}
            declared |= {"level": level} if level in Level.values else {}
            index.setdefault(fold_chars(name.strip()), declared)
    return index


def _tidy(owner):
    """Drop empty lists and repeated figures; one involvement per actor, strongest."""
    roles = {}
    for involvement in owner.get("involvements", []):
        name, role = involvement["actor"], involvement["role"]
        roles[name] = min(roles.get(name, role), role, key=ROLE_ORDER.index)
    owner["involvements"] = [{"actor": n, "role": r} for n, r in roles.items()]
    metrics = owner.get("metrics", [])
    owner["metrics"] = [m for i, m in enumerate(metrics) if m not in metrics[:i]]
    owner["steps"] = [_tidy(step) for step in owner.get("steps", [])]
    for key in ("steps", "involvements", "metrics"):
        if not owner[key]:
            del owner[key]
    return owner


def summary_of(blocks, title):
    """The first paragraph's sentences after the headline, verbatim, ≤ 200 chars."""
    text = next((block.text for block in blocks if block.kind == "para"), "")
    summary = ""
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        if squeeze(sentence).rstrip("。！？!?") == squeeze(title):
            continue
        if summary and len(summary) + len(sentence) > 200:
            break
        summary += sentence
    return summary[:200] or title


def themes_of(text):
    """Themes whose words the text uses at least 3 times, most used first (≤ 3)."""
    folded = fold_chars(text)
    counts = {
        slug: len(re.findall(words, folded)) for slug, words in THEME_RULES.items()
    }
    chosen = sorted((slug for slug, n in counts.items() if n >= 3), key=counts.get)
    return chosen[::-1][:3]


def level_of(region):
    """The depth of a region path, else its name's ending (湖南省); else county."""
    parts = region.split("/") if isinstance(region, str) else []
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) > 1:
        return LEVELS[min(len(parts), 5) - 1]
    name = parts[0] if parts else ""
    return next(
        (lv for suffix, lv in LEVEL_SUFFIXES if name.endswith(suffix)), "county"
    )


def slug_for(title):
    """The title in pinyin: lowercase ASCII words joined by "-", ≤ 60 chars."""
    slug = "-".join(re.findall(r"[a-z0-9]+", " ".join(lazy_pinyin(title)).lower()))
    slug = slug if len(slug) <= 60 else slug[:61].rsplit("-", 1)[0][:60]
    return slug or "draft"
