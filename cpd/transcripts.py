"""A counselor's transcript for one CPD period: the period's entries (reversals included) and their totals.

The CSV streams row by row (UTF-8 with a byte-order mark so that Excel reads the Chinese); the PDF goes through the
same WeasyPrint renderer as certificates.
"""

import csv

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


class _Echo:
    def write(self, value):
        return value


def transcript_csv_rows(user, period: CPDPeriod):
    """The CSV lines, one string at a time (the first carries the BOM)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([gettext("Counselor"), user.get_full_name(), gettext("Period"), period.name,
                                      f"{period.starts_on}", f"{period.ends_on}"])
    yield writer.writerow(
        [gettext("Date"), gettext("Title"), gettext("Kind"), gettext("Category"), gettext("Topic"), gettext("Hours"),
         gettext("Reason")]
    )
    entries = transcript_entries(user, period)
    for entry in entries.iterator(chunk_size=500):
        yield writer.writerow(
            [entry.occurred_on.isoformat(), entry.title, entry.get_kind_display(), entry.get_category_display(),
             entry.topic.name if entry.topic else "", f"{entry.hours:.1f}", entry.reason]
        )
    totals = entries.totals()
    yield writer.writerow([gettext("Total hours"), "", "", "", "", f"{totals['total']:.1f}", ""])
    yield writer.writerow([gettext("Professional subjects"), "", "", "", "", f"{totals['professional']:.1f}", ""])
    yield writer.writerow([gettext("Public subjects"), "", "", "", "", f"{totals['public']:.1f}", ""])
    yield writer.writerow([gettext("Target"), "", "", "", "", f"{period.target_hours:.1f}", ""])
