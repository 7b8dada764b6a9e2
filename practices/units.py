"""Units of figures in English, for the English interface and the exports' `unit_en`.

A figure's unit is stored as its source writes it, folded to one script (个, not
個: folding.fold_unit). English has no measure words: 个, 名, 支, 家… count
whatever the figure names, so they read as the bare number ("14", not "14 个").
A unit not listed here is shown as stored, marked as Chinese: never guessed.
"""

# unit: (singular, plural); ("", "") for a measure word English leaves out.
MEASURE_WORD = ("", "")
ENGLISH_UNITS = {
    "工作日": ("working day", "working days"),
    "天": ("day", "days"),
    "日": ("day", "days"),
    "小时": ("hour", "hours"),
    "分钟": ("minute", "minutes"),
    "周": ("week", "weeks"),
    "个月": ("month", "months"),
    "月": ("month", "months"),
    "年": ("year", "years"),
    "%": ("%", "%"),
    "元": ("yuan", "yuan"),
    "万元": ("ten thousand yuan", "ten thousand yuan"),
    "亿元": ("hundred million yuan", "hundred million yuan"),
    "人": ("person", "people"),
    "人次": ("person-time", "person-times"),
    "户": ("household", "households"),
    "次": ("time", "times"),
    "次/天": ("time a day", "times a day"),
    "次/周": ("time a week", "times a week"),
    "次/半月": ("time every half month", "times every half month"),
    "次/月": ("time a month", "times a month"),
    "倍": ("-fold", "-fold"),
    "成": ("tenth", "tenths"),
    "级": ("level", "levels"),
    "类": ("category", "categories"),
    "步": ("step", "steps"),
    "方面": ("aspect", "aspects"),
    "项": ("item", "items"),
    "件": ("case", "cases"),
    "份": ("copy", "copies"),
    "平方米": ("square metre", "square metres"),
    "公里": ("kilometre", "kilometres"),
    "亩": ("mu", "mu"),
    **{word: MEASURE_WORD for word in "个名支家处条所块册场门位座间台辆张本套"},
}


def unit_in_english(unit, plural=True):
    """The English of a stored unit: "" for a measure word, None if not known."""
    names = ENGLISH_UNITS.get(unit)
    if names is None:
        return None
    return names[1] if plural else names[0]


# Time limits in hours, to compare them: a working day counts as 24 hours, like a
# calendar day. That is a lower bound of the time it allows (weekends and holidays
# are left out of working days), stated wherever hours are shown.
HOURS = {
    "分钟": 1 / 60,
    "小时": 1,
    "天": 24,
    "日": 24,
    "工作日": 24,
    "周": 24 * 7,
    "个月": 24 * 30,
    "月": 24 * 30,
    "年": 24 * 365,
}


def in_hours(value, unit):
    """A duration in hours (float), or None for a unit that is not one of time."""
    per_unit = HOURS.get(unit)
    return None if per_unit is None or value is None else float(value) * per_unit


SHARE_UNITS = {"%", "成", "‰"}
MEASURE_UNITS = {"平方米", "公里", "亩"}


def nature_of_unit(unit, kind=""):
    """The nature a figure most likely has, read off its unit, for figures written
    before natures were recorded and case files that leave it out: a unit of time
    (or a time limit) is a duration, % a share, 元 an amount, "次/周" a frequency;
    anything else a count. A ranking is never guessed: its writer says so."""
    if "/" in unit:
        return "frequency"
    if kind == "time_limit" or unit in HOURS:
        return "duration"
    if unit in SHARE_UNITS:
        return "share"
    if unit.endswith("元") or unit in MEASURE_UNITS:
        return "amount"
    return "count"
