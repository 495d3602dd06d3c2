"""The evaluation record in a 职业指导之星 nominee's dossier (awards.dossiers): the same aggregates, under the same
minimum-count rule, that the counselor and their admin see, from the latest closed campaign that evaluated them."""

from django.utils.translation import gettext_lazy as _

from awards.dossiers import Section, register_section

from .results import aggregates_for_people


class EvaluationRecordSection(Section):
    key = "evaluations"
    title = _("Multi-source evaluation")
    template_name = "evaluations/award_dossier.html"
    empty = _("Not evaluated in a closed campaign yet.")

    def for_nominees(self, nominee_ids, *, cycle) -> dict:
        return aggregates_for_people(nominee_ids)


def register() -> None:
    register_section("counselor", EvaluationRecordSection())
