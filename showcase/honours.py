"""The honours the showcase knows by name: how each is labelled in the site's language, styled and ordered.

A feature keeps the honour as its source wrote it (一等奖, 职业指导金课 ...). The ones listed here are shown under
their translated label with the badge of their tier and come first, in this order, on a group's page; any other
honour is shown as written, with a plain badge, after them. Within one honour, features follow their `rank`.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Honour:
    tier: str  # the badge's style: grand, first, second, third, merit, gold or other
    order: int  # lower first on a group's page
    label: str


HONOURS = {
    "特等奖": Honour("grand", 0, _("Grand prize")),
    "一等奖": Honour("first", 1, _("First prize")),
    "二等奖": Honour("second", 2, _("Second prize")),
    "三等奖": Honour("third", 3, _("Third prize")),
    "优秀奖": Honour("merit", 4, _("Excellence award")),
    "职业指导金课": Honour("gold", 1, _("Career-guidance gold course")),
    "职业指导金牌工作室": Honour("gold", 1, _("Career-guidance gold studio")),
    "职业指导之星": Honour("gold", 1, _("Career-guidance star")),
}
OTHER_ORDER = 9


def describe(honour: str) -> tuple[str, str]:
    """The label (in the active language) and the badge tier of an honour as a feature stores it."""
    known = HONOURS.get(honour.strip())
    if known is None:
        return honour, "other"
    return str(known.label), known.tier


def honour_order() -> Case:
    """An SQL expression giving each feature's honour its place (known honours first, in the order above)."""
    return Case(
        *[When(honour=name, then=Value(known.order)) for name, known in HONOURS.items()],
        default=Value(OTHER_ORDER), output_field=IntegerField(),
    )
