"""Figures in a Chinese sentence, read by rules: the number reading of draft case files
(casefiles/draft.py). No statistics, no model: every rule is a table or a small
function here, and a figure no rule explains is left out.

Reading a sentence (`read_figures`):

- Numerals are Arabic (1,100 · 23.7) or Chinese (六 · 一百二十二), with 万/亿
  multiplied out (1.2万 → 12000, 60余万 → 600000). A range is value and value_max
  (3~5天, 3至5天, 20-60人, 1—2名).
- A figure needs a counting word right after the number (`UNITS`: 个 名 人 户 件 天
  工作日 小时 % 元 …; 个工作日 → 工作日, 万元 → 元 ×10⁴, 5大类 → 类). A number
  without one (hotline 12345, 5·31) is not a figure.
- Skipped: years (2023年, 二〇二〇年), dates (5月14日), clock times (17:00), ordinals
  (第一书记, 第一步; 一是 has no counting word), period words (一年多来), numbers
  inside words (`STOP_WORDS`: 一体化, 一线, 统一, 一站式 …), a counting word that
  starts another word (`FALSE_FRIENDS`: 支持, 项目 …), reduplications (一个个), and
  the first half of "one per" (一户一个 → only 一个; 一周一调度 → once a week).
- Special forms: 成 is tenths (五成 → 50 %), 倍 a ratio; 每天/每周/每月… and 一周一…
  are frequencies (1 次/周); 当天 followed or preceded by a deadline word (当天上报,
  的当天就要) is a one-day time limit; 全市第一 / 全省前十 are rankings.
- Qualifier (`PREFIXES`, `SUFFIXES`): 余/多 → more_than; 近/约/左右 → approx;
  以内/内/以下/不超过 → at_most; 以上/至少/不少于 → at_least; 最高/高达 → up_to.
- Kind (`guess_kind`, on the clause around the number): a time unit with a deadline
  word (内 时限 完成 办结 反馈 上报 公示 历时 …) → time_limit; 计划/目标/力争/确保
  → target; 同比/下降/提高/增长/实现/受益 → outcome; an activity verb (开展 发放 召开
  约谈 建成 解决 …) → output; otherwise input (people, money, bodies put in).
- Nature is read off the unit (practices.units.nature_of_unit), 倍 as a share and
  rankings as rankings.
- Period (`PERIODS`): the nearest period phrase before the number in its sentence:
  …以来/累计/…年来 → cumulative (period_start from a four-digit year), 截至/目前/
  年底前 → as_of, 今年/去年/2023年 → during.
- Name: the words after the counting word up to punctuation or the next number
  (≤ 20 characters: 1100个大网格 → 大网格), else the words before the number.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from practices.folding import fold_script
from practices.provenance import number_in_quote, parse_chinese_number
from practices.units import nature_of_unit

CN_NUMERAL = "零〇一二两三四五六七八九十百千"
NUMERAL = rf"\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_NUMERAL}]+"
# Counting words as folded (Simplified) text: the unit written is the source's own.
UNITS = sorted(
    "个工作日 工作日 个小时 小时 分钟 个月 平方公里 平方米 公里 千瓦时 兆瓦 人次 户次 "
    "元 个 名 人 户 件 条 项 支 家 所 处 次 场 份 册 块 张 套 门 级 类 步 天 日 周 年 "
    "倍 成 位 座 辆 亩 吨 轮 届 起 顶 笔 宗 栋 % ‰".split(),
    key=len,
    reverse=True,
)
UNIT_ALIASES = {"个工作日": "工作日", "个小时": "小时"}
TIME_UNITS = {"工作日", "小时", "分钟", "个月", "天", "日", "周", "年"}
FIGURE = re.compile(
    rf"(?P<num>{NUMERAL})(?P<more>[余多])?(?P<mag>[万亿])?(?P<more2>[余多])?"
    rf"(?:(?P<unit1>{'|'.join(map(re.escape, UNITS))})?(?P<dash>[~\-—–至到])"
    rf"(?P<max>{NUMERAL})(?P<mag2>[万亿])?)?\s*大?"
    rf"(?P<unit>{'|'.join(map(re.escape, UNITS))})?"
)
RANKING = re.compile(rf"全[国省市县区州乡镇](?:排名)?(?P<ord>[第前])(?P<num>{NUMERAL})")
FREQUENCY = re.compile(r"(?P<least>至少)?每(?P<per>半月|半年|季度|星期|天|日|周|月|年)")
PER_UNIT = {"天": "天", "日": "天", "星期": "周"}
SAME_DAY = re.compile(
    r"(?:必须|须|要|的)?当[天日](?=.{0,3}(?:就|即|上报|办结|完成|回应|反馈|处理|办理|"
    r"解决|答复|给予))|(?:必须|须|的)当[天日]"
)
STOP_WORDS = (
    "一体化 一线 一起 统一 一站式 一张图 一揽子 一口 一盘棋 一系列 一些 一次性 "
    "一方面 一致 一定 一般 一直 一切 一道 一同 一并 一律 一旦 一举 唯一 万一 一流 "
    "一把手 一对一 一带一路 进一步 一步 同一 一时 一番 一年一度 千方百计 八仙过海 "
    "一决高下 千家万户 一心 一面 一手 一贯 一如既往 一视同仁 四面八方 五湖四海 "
    "一个都 一家亲 一网通办 一网统管 一门式 一件事 一张网 一张蓝图 一本账 一台账 "
    "一成不变 单一 逐一 之一 一一 三番五次 两不愁 一分为二 十九大 十八大 二十大 "
    "一次上传 一卡多用 一张张 一幅幅 一个个 一群群 一次办"
).split()
FALSE_FRIENDS = (
    "支持 支部 名单 名称 家庭 家长 人员 人民 人才 人口 户口 处理 处置 条件 门户 门槛 "
    "类型 级别 年度 周年 周边 场所 份额 次要 项目 成员 成为 成立 成果 成效 成本 成功 "
    "成绩 成长 步伐 起来 天然 日常 件事 位置 元素 所有 所属 座谈 轮流 届时 期间"
).split()
PREFIXES = [  # (words just before the number, qualifier)
    ("至少|不少于|不低于", "at_least"),
    ("不超过|最多|不到|不足", "at_most"),
    ("最高|高达|多达", "up_to"),
    ("超过|逾|多于", "more_than"),
    ("近|约|大约|大概", "approx"),
]
SUFFIXES = [("以内|之内|内|以下", "at_most"), ("以上", "at_least"), ("左右", "approx")]
TIME_LIMIT_CUES = "内|时限|限时|完成|办结|办理|处置|反馈|回应|上报|答复|公示|历时|办完"
TARGET_CUES = "计划|目标|力争|确保|规划新增|预计|争创|要达到"
OUTCOME_CUES = (
    "同比|下降|上升|提高|提升|增长|增加|减少|实现|受益|提速|节约|收益|就业|翻|获"
)
OUTPUT_CUES = (
    "开展|发放|举办|召开|培训|调研|走访|约谈|通报|检查|列出|调整|提拔|建成|完成|解决|"
    "化解|审计|签订|搬迁|演练|编制|查处|移交|考察|进入|出台|上门|赴|帮扶|表彰|评选|"
    "处置|推进|办理|责令|覆盖"
)
PERIODS = [  # (pattern, period); the nearest phrase before the number counts
    (
        r"(?:自|从)[^，,。；;]{1,12}?以来|\d{4}年(?:以来|至今)|[今去]年以来|"
        r"近几?年来|几年来|多年来|一年多来|[\d一二三四五六七八九十]+年(?:多)?来|累计",
        "cumulative",
    ),
    (
        r"截至(?:目前|今年\d+月底?|\d{4}年\d+月底?|\d+月底?)?|目前|(?:今年)?年底前",
        "as_of",
    ),
    (r"今年|去年|\d{4}年(?!以来|至今|\d)", "during"),
]
CLAUSE_STOPS = "，,；;。：:！!？?"
NAME_STOPS = CLAUSE_STOPS + "、“”‘’《》「」【】 "
NAME_EDGES = "的之与和及等、‘’“”…"
LEADING_WORDS = re.compile(r"^(?:以内|之内|以上|以下|左右|不等|内|余|多)+")
BEFORE_WORDS = re.compile(r"^(?:对|在|共|已|为|将|有|先后|累计|其中|并)+")
BEFORE_END = re.compile(r"(?:约|近|达|达到|超过|至少|不少于|不超过|共|计|分别)+$")


@dataclass
class Figure:
    start: int  # where the number starts in the sentence
    end: int  # where its counting word ends
    value: Decimal
    unit: str = ""
    value_max: Decimal | None = None
    qualifier: str = "exact"
    nature: str = ""
    kind: str = ""
    name: str = ""
    period: str = ""
    period_text: str = ""
    period_start: str = ""

    def as_metric(self, quote):
        """The figure as a case-file metric quoting `quote`, or None if its numbers
        are not in the quote (a candidate that would break the provenance rule)."""
        metric = {"name": self.name, "value": _json_number(self.value)}
        if self.value_max is not None:
            metric["value_max"] = _json_number(self.value_max)
        if self.qualifier != "exact":
            metric["qualifier"] = self.qualifier
        if self.unit:
            metric["unit"] = self.unit
        metric.update(kind=self.kind, nature=self.nature)
        if self.period:
            metric.update(period=self.period, period_text=self.period_text)
        if self.period_start:
            metric["period_start"] = self.period_start
        metric["source_quote"] = quote
        numbers = [metric["value"], metric.get("value_max")]
        if not all(n is None or number_in_quote(n, quote) for n in numbers):
            return None
        return metric


@lru_cache(maxsize=4096)
def _fold_char(char):
    if "①" <= char <= "⑳":
        return char  # an enumerator, not the number 1
    folded = fold_script(char)
    return folded if len(folded) == 1 else char


def fold_chars(text):
    """`text` folded character by character (Traditional → Simplified, full-width →
    ASCII, lower case), so that every position still points at the same character."""
    return "".join(_fold_char(char) for char in text)


def read_figures(sentence):
    """Every figure the rules find in `sentence`, in order of position."""
    folded = fold_chars(sentence)
    taken = _stop_spans(folded)
    figures = _rankings(folded, taken) + _frequencies(folded, taken)
    figures += _same_day(folded, taken)
    position = 0
    while match := FIGURE.search(folded, position):
        figure = _figure(folded, match, taken)
        if figure is not None:
            figures.append(figure)
        # A range that is not one (2024-03-05- 63处) is read again from its end.
        rejected_range = figure is None and match.group("max")
        position = match.start("max") if rejected_range else match.end()
    for figure in figures:
        _describe(figure, sentence, folded)
    return sorted(figures, key=lambda figure: figure.start)


def _stop_spans(folded):
    taken = set()
    for word in STOP_WORDS:
        for match in re.finditer(re.escape(word), folded):
            taken.update(range(match.start(), match.end()))
    return taken


def _rankings(folded, taken):
    figures = []
    for match in RANKING.finditer(folded):
        value = _number(match.group("num"))
        if value is None:
            continue
        qualifier = "at_most" if match.group("ord") == "前" else "exact"
        figure = Figure(match.start(), match.end(), value, qualifier=qualifier)
        figure.nature, figure.kind = "ranking", "outcome"
        figures.append(figure)
        taken.update(range(match.start(), match.end()))
    return figures


def _frequencies(folded, taken):
    """每周, 一周一调度: once a week; a 一次 that follows is the same figure."""
    spans = [(m.start(), m.end(), m.group("per"), m.group("least")) for m in
             FREQUENCY.finditer(folded)]  # fmt: skip
    spans += [(m.start(), m.end(), m.group(1), None) for m in
              re.finditer(r"一(天|日|周|月|年|季度)一", folded)]  # fmt: skip
    figures = []
    for start, end, per, least in spans:
        if start in taken:
            continue
        unit = "次/" + PER_UNIT.get(per, per)
        qualifier = "at_least" if least else "exact"
        figure = Figure(start, end, Decimal(1), unit, qualifier=qualifier)
        figure.nature = "frequency"
        figures.append(figure)
        taken.update(range(start, end))
        once = folded.find("一次", end, end + 14)
        if once >= 0:
            taken.update((once, once + 1))
    return figures


def _same_day(folded, taken):
    figures = []
    for match in SAME_DAY.finditer(folded):
        start = folded.index("当", match.start())
        figure = Figure(start, start + 2, Decimal(1), "天", qualifier="at_most")
        figure.kind = "time_limit"
        figures.append(figure)
        taken.update((start, start + 1))
    return figures


def _figure(folded, match, taken):
    """A Figure for a numeral with its counting word, or None where a rule skips it."""
    start, unit = match.start(), match.group("unit")
    if unit is None or start in taken or _skipped(folded, match):
        return None
    value = _number(match.group("num"), match.group("mag") or match.group("mag2"))
    if value is None:
        return None
    figure = Figure(start, match.end(), value, UNIT_ALIASES.get(unit, unit))
    if match.group("max"):
        if match.group("unit1") not in (None, unit):
            return None
        figure.value_max = _number(match.group("max"), match.group("mag2"))
        if figure.value_max is None or figure.value_max < value:
            return None
    if unit == "成":  # tenths: 五成 is 50 %
        figure.value, figure.unit = value * 10, "%"
        figure.value_max = figure.value_max and figure.value_max * 10
    if match.group("more") or match.group("more2"):
        figure.qualifier = "more_than"
    else:
        figure.qualifier = _qualifier(folded, start, match.end())
    return figure


def _skipped(folded, match):
    """Years, dates, clock times, ordinals, period words, false friends, 一户一…"""
    start, end, unit = match.start(), match.end(), match.group("unit")
    before, after = folded[max(0, start - 1) : start], folded[end : end + 2]
    if (
        before == "第"
        or (before == "每" and match.group("num") == "一")
        or re.match(r"[a-z.:·/\-]", before)
        or re.match("[:·]", after)
    ):
        return True  # 第一书记, 每一户, B4, 17:00, 5·31, 2024-03-05
    numerals = [match.group("num"), match.group("max") or ""]
    if any(re.match(r"0\d", numeral) for numeral in numerals):
        return True  # 03, 05: part of a date or a code
    if unit == "年" and (
        any(len(numeral) == 4 for numeral in numerals) or re.match(r"多?来", after)
    ):
        return True  # 2023年, 二〇二〇年, 一年多来
    if unit == "日" and (re.search(r"\d月$", folded[:start]) or after[:1] == "讯"):
        return True  # 5月14日
    if any(folded[end - len(unit) :].startswith(word) for word in FALSE_FRIENDS):
        return True
    if after[:1] == unit[-1]:  # 一个个
        return True
    numeral = match.group("num")
    return numeral == "一" and after[:1] == "一" and unit not in TIME_UNITS


def _number(numeral, magnitude=None):
    if numeral[0].isdigit():
        value = Decimal(numeral.replace(",", ""))
    else:
        parsed = parse_chinese_number(numeral)
        if parsed is None:
            return None
        value = Decimal(parsed)
    return value * {"万": 10**4, "亿": 10**8}.get(magnitude or "", 1)


def _qualifier(folded, start, end):
    for words, qualifier in PREFIXES:
        if re.search(f"(?:{words})$", folded[max(0, start - 3) : start]):
            return qualifier
    for words, qualifier in SUFFIXES:
        if re.match(words, folded[end : end + 2]):
            return qualifier
    return "exact"


def _describe(figure, sentence, folded):
    """Kind, nature, period and name of a figure, read off its sentence."""
    clause = _clause(folded, figure.start, figure.end)
    figure.kind = figure.kind or guess_kind(figure, clause)
    if not figure.nature:
        figure.nature = (
            "share" if figure.unit == "倍" else nature_of_unit(figure.unit, figure.kind)
        )
    figure.period, figure.period_text, figure.period_start = _period(
        sentence, folded, figure.start
    )
    figure.name = _name(sentence, figure) or figure.unit or "数字"


def guess_kind(figure, clause):
    """time_limit, target, outcome, output or input: the first rule that holds."""
    if figure.unit in TIME_UNITS and (
        figure.qualifier == "at_most" or re.search(TIME_LIMIT_CUES, clause)
    ):
        return "time_limit"
    for cues, kind in ((TARGET_CUES, "target"), (OUTCOME_CUES, "outcome")):
        if re.search(cues, clause):
            return kind
    return "output" if re.search(OUTPUT_CUES, clause) else "input"


def _clause(folded, start, end):
    left = max(folded.rfind(stop, 0, start) for stop in CLAUSE_STOPS)
    rights = [i for i in (folded.find(s, end) for s in CLAUSE_STOPS) if i >= 0]
    return folded[left + 1 : min(rights, default=len(folded))]


def _period(sentence, folded, position):
    """(period, period_text, period_start) of the nearest phrase before `position`."""
    best = None
    for pattern, period in PERIODS:
        for match in re.finditer(pattern, folded[:position]):
            if best is None or match.start() > best[0].start():
                best = (match, period)
    if best is None:
        return "", "", ""
    match, period = best
    year = re.match(r"\d{4}", match.group()) if period == "cumulative" else None
    return period, sentence[match.start() : match.end()], year.group() if year else ""


def _name(sentence, figure):
    """The words the unit counts (after it), else the words before the number."""
    after = _until_stop(sentence[figure.end :])
    after = LEADING_WORDS.sub("", after).strip(NAME_EDGES)
    if len(after) >= 2:
        return after[:20]
    before = sentence[: figure.start]
    cut = max(before.rfind(stop) for stop in CLAUSE_STOPS + "“”‘’")
    before = re.sub(r"[\d.%、\s]+$", "", before[cut + 1 :])
    before = BEFORE_END.sub("", BEFORE_WORDS.sub("", before))
    return before.strip(NAME_EDGES + " ")[-20:]


def _until_stop(text):
    folded = fold_chars(text)
    for index, char in enumerate(folded):
        if char in NAME_STOPS or char.isdigit() or index >= 20:
            return text[:index]
        if char in CN_NUMERAL and FIGURE.match(folded, index).group("unit"):
            return text[:index]
    return text


def _json_number(value):
    return int(value) if value == value.to_integral_value() else float(value)
