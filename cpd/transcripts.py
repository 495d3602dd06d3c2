"""A counselor's transcript for one CPD period: the period's entries (reversals included) and their totals.

The CSV rows stream through `lms.spreadsheets` (UTF-8 with a byte-order mark so that Excel reads the Chinese, and
every cell neutralized against formula injection); the PDF goes through the same WeasyPrint renderer as certificates.
"""

from decimal import Decimal

from django.utils.translation import gettext

from .models import CPDPeriod, CreditEntry


def transcript_entries(user, period: CPDPeriod):
    return (
        CreditEntry.objects.filter(counselor=user)
        .in_period(period)
        .select_related("topic")
        .order_by("occurred_on", "pk")
    )


def transcript_context(user, period: CPDPeriod) -> dict:
    entries = transcript_entries(user, period)
    return {
        "counselor": user,
        "organization": user.organization,
        "period": period,
        "entries": list(entries),
        "totals": entries.totals(),
    }


def _hours(value: Decimal) -> Decimal:
    """Hours as a number to one decimal place (a reversal's negative hours stay a number, not text)."""
    return Decimal(value).quantize(Decimal("0.1"))


def transcript_csv_rows(user, period: CPDPeriod):
    """The transcript as spreadsheet rows (lists of cells), for `lms.spreadsheets.csv_response`."""
    yield [gettext("Counselor"), user.get_full_name(), gettext("Period"), period.name, f"{period.starts_on}",
           f"{period.ends_on}"]
    yield [gettext("Date"), gettext("Title"), gettext("Kind"), gettext("Category"), gettext("Topic"), gettext("Hours"),
           gettext("Reason")]
    entries = transcript_entries(user, period)
    for entry in entries.iterator(chunk_size=500):
        yield [entry.occurred_on.isoformat(), entry.title, entry.get_kind_display(), entry.get_category_display(),
               entry.topic.name if entry.topic else "", _hours(entry.hours), entry.reason]
    totals = entries.totals()
    yield [gettext("Total hours"), "", "", "", "", _hours(totals["total"]), ""]
    yield [gettext("Professional subjects"), "", "", "", "", _hours(totals["professional"]), ""]
    yield [gettext("Public subjects"), "", "", "", "", _hours(totals["public"]), ""]
    yield [gettext("Target"), "", "", "", "", _hours(period.target_hours), ""]
