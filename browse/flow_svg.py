"""The flow of a practice as a picture, drawn on the server: its steps top to bottom
in order (sub-steps indented), one lane per kind of actor, a mark where an actor of
that kind takes part in the step (its shape says the role), and each step's time
limits beside it. An SVG with a title and a description; the ordered list of steps
on the page says the same in words."""

from django.utils.html import format_html, mark_safe, strip_tags
from django.utils.translation import gettext as _

from practices.choices import ActorKind, MetricKind, Role, StepKind

ROW, HEAD, NAME_WIDTH, LANE, LIMIT_WIDTH, INDENT = 30, 64, 230, 60, 250, 14
ROLE_SHAPES = {
    Role.LEADS: '<rect x="-7" y="-7" width="14" height="14" class="r-leads"/>',
    Role.CARRIES_OUT: '<circle r="7" class="r-carries"/>',
    Role.TAKES_PART: '<circle r="6" class="r-part"/>',
    Role.SUPERVISES: '<path d="M0 -8 L8 0 L0 8 L-8 0 Z" class="r-supervises"/>',
    Role.EVALUATES: '<path d="M0 -8 L7.5 6 L-7.5 6 Z" class="r-evaluates"/>',
    Role.BENEFITS: '<path d="M-7 -6 L7 -6 L0 7 Z" class="r-benefits"/>',
}


def flow_rows(tree):
    """(depth, step, {actor kind: [roles]}, [time limits]) in flow order, from the
    page's step tree (practice_page.step_tree)."""
    rows = []

    def walk(nodes, depth):
        for node in nodes:
            kinds = {}
            for involvement in node.involvements:
                roles = kinds.setdefault(involvement.actor.kind, [])
                if involvement.role not in roles:
                    roles.append(involvement.role)
            limits = [m for m in node.metrics if m.kind == MetricKind.TIME_LIMIT]
            rows.append((depth, node.step, kinds, limits))
            walk(node.children, depth + 1)

    walk(tree, 0)
    return rows


def flow_svg(practice, tree, figure):
    """The SVG (safe HTML) of `practice`'s flow; `figure(metric)` writes a value."""
    rows = flow_rows(tree)
    if not rows:
        return ""
    used = {kind for _d, _s, kinds, _l in rows for kind in kinds}
    lanes = [kind for kind in ActorKind.values if kind in used]
    right = limit_width(rows, figure)
    width = NAME_WIDTH + LANE * len(lanes) + right
    head = head_height([ActorKind(kind).label for kind in lanes])
    height = head + ROW * len(rows) + 10
    parts = [_lane_heads(lanes, head, height)]
    for index, (depth, step, kinds, limits) in enumerate(rows):
        parts.append(
            _row((head, width), index, depth, step, kinds, limits, lanes, figure)
        )
    title = _("Flow of %(title)s") % {"title": practice.title}
    desc = _(
        "%(steps)d steps in order, top to bottom; one column per kind of actor, a "
        "mark where such an actor takes part (its shape is the role); time limits "
        "on the right. The list of steps below says the same in words."
    ) % {"steps": len(rows)}
    return format_html(
        '<svg class="flow" role="img" aria-labelledby="flow-title flow-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="flow-title">{t}</title><desc id="flow-desc">{d}</desc>'
        "{body}</svg>",
        w=width,
        h=height,
        t=title,
        d=desc,
        body=mark_safe("".join(parts)),
    )


def text_width(text, size):
    """About how wide `text` is drawn in `size` px type: a Chinese character (or
    full-width sign) is `size` wide, a Latin letter about 0.6 of it."""
    return sum(size if ord(char) >= 0x2E80 else 0.6 * size for char in str(text))


def head_height(labels):
    """Room above the lanes for their labels, written at 30° in 11 px type: half
    the longest label's width (an English label is two to three times as long as
    its Chinese)."""
    widest = max((text_width(label, 11) for label in labels), default=0)
    return max(HEAD, 12 + round(widest / 2) + 8)


def limit_width(rows, figure):
    """Room right of the lanes for the longest line of time limits (12 px type)."""
    texts = (_limit_text(limits, figure) for _d, _s, _k, limits in rows)
    widest = max((text_width(strip_tags(text), 12) for text in texts), default=0)
    return max(LIMIT_WIDTH, round(widest) + 16)


def _lane_heads(lanes, head, height):
    heads = []
    for index, kind in enumerate(lanes):
        x = NAME_WIDTH + LANE * index + LANE // 2
        label = ActorKind(kind).label
        heads.append(
            format_html(
                '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="lane"/>'
                '<text x="{x}" y="{y}" class="lane-head" '
                'transform="rotate(-30 {x} {y})">{label}</text>',
                x=x,
                top=head - 6,
                bottom=height - 4,
                y=head - 12,
                label=label,
            )
        )
    return "".join(heads)


def _row(frame, index, depth, step, kinds, limits, lanes, figure):
    """One step's row; `frame`: (the head's height, the picture's width)."""
    head, width = frame
    y = head + ROW * index + ROW // 2
    name_class = "step-cat" if step.kind == StepKind.CATEGORY else "step-name"
    marks = []
    for lane, kind in enumerate(lanes):
        x = NAME_WIDTH + LANE * lane + LANE // 2
        for offset, role in enumerate(kinds.get(kind, [])[:3]):
            shape = ROLE_SHAPES.get(role, ROLE_SHAPES[Role.TAKES_PART])
            marks.append(
                format_html(
                    '<g transform="translate({x} {y})">'
                    "<title>{label}</title>{shape}</g>",
                    x=x + (offset - (len(kinds[kind][:3]) - 1) / 2) * 16,
                    y=y,
                    label=f"{ActorKind(kind).label}: {Role(role).label}",
                    shape=mark_safe(shape),
                )
            )
    limit_text = _limit_text(limits, figure)
    limit_names = "；".join(f"{m.name}: {m.source_quote}" for m in limits)
    return format_html(
        '<g class="row"><line x1="0" y1="{line}" x2="{end}" y2="{line}" class="rule"/>'
        '<a href="#step-{pk}"><text x="{x}" y="{ty}" class="{cls}">{name}</text></a>'
        '{marks}<text x="{lx}" y="{ty}" class="limit"><title>{names}</title>{limits}'
        "</text></g>",
        line=y + ROW // 2,
        end=width,
        pk=step.pk,
        x=6 + INDENT * depth,
        ty=y + 5,
        cls=name_class,
        name=_fit(step.name, depth),
        marks=mark_safe("".join(marks)),
        lx=NAME_WIDTH + LANE * len(lanes) + 8,
        limits=mark_safe(limit_text),
        names=limit_names,
    )


def _limit_text(limits, figure):
    return "；".join(_svg_text(figure(m)) for m in limits)


def _svg_text(html):
    """HTML inline marks as SVG ones (a unit marked with its language)."""
    return str(html).replace("<span ", "<tspan ").replace("</span>", "</tspan>")


def _fit(name, depth):
    """A step name short enough for its column (CJK characters are ~15 px)."""
    room = (NAME_WIDTH - 12 - INDENT * depth) // 15
    return name if len(name) <= room else name[: max(room - 1, 1)] + "…"
