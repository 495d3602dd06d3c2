"""What a panel reviews: the registry of subject adapters, through which higher apps plug their models in.

`experts` sits below the apps whose things are judged (certification, competitions, awards, studios) and never
imports them. Each of those apps registers an adapter for its model when it starts:

    from experts.subjects import SubjectAdapter, register

    class ApplicationAdapter(SubjectAdapter):
        summary_template = "certification/panel_summary.html"

        def title(self, obj): return str(obj)
        def excluded_user_ids(self, obj): return {obj.applicant_id}
        def excluded_organizations(self, obj): return [obj.applicant.organization]
        def topics(self, obj): return list(obj.level.topics.all())
        def on_panel_result(self, panel): record_assessment_score(panel.object_id, part="skills", ...)

    register(LevelApplication, ApplicationAdapter())

The conflict rules read the adapter: the people it names in `excluded_user_ids` (the applicant, the team) are never
seated, and no expert whose organization lies in the subtree of any organization in `excluded_organizations` is.
`on_panel_result(panel)` is called exactly once, inside the transaction that makes the panel's result final.
"""

from django.template.loader import render_to_string


class SubjectAdapter:
    """Describes one kind of subject to the panel machinery; override what differs from these defaults."""

    summary_template = "experts/subject_summary.html"
    #: purpose key -> label shown to experts and admins, e.g. {"certification.skills": _("Skills assessment")}
    purposes: dict = {}

    def title(self, obj) -> str:
        """The subject as experts and admins see it in lists (a snapshot is kept on the panel)."""
        return str(obj)

    def excluded_user_ids(self, obj) -> set[int]:
        """People who must never be seated on this subject's panels (the applicant, entrants)."""
        return set()

    def excluded_organizations(self, obj) -> list:
        """Organizations whose whole subtree is in conflict: their experts are never seated."""
        return []

    def organization(self, obj):
        """The organization the subject belongs to (its admins may follow the panel), or None."""
        organizations = self.excluded_organizations(obj)
        return organizations[0] if organizations else None

    def topics(self, obj) -> list:
        """Topics of the subject: experts with a matching specialty are seated first."""
        return []

    def purpose_label(self, purpose: str) -> str:
        return str(self.purposes.get(purpose, purpose))

    def summary_context(self, obj, request) -> dict:
        """What the workbench shows an expert about the subject, for `summary_template`."""
        return {"subject": obj, "title": self.title(obj)}

    def render_summary(self, obj, request) -> str:
        return render_to_string(self.summary_template, self.summary_context(obj, request), request=request)

    def on_panel_result(self, panel) -> None:
        """Called once, inside the deciding transaction, when the panel's result becomes final."""


_adapters: dict[str, SubjectAdapter] = {}


def _key(model) -> str:
    return model._meta.label_lower


def register(model, adapter: SubjectAdapter) -> None:
    """Make `model` reviewable by panels; registering a model again replaces its adapter."""
    _adapters[_key(model)] = adapter


def unregister(model) -> None:
    _adapters.pop(_key(model), None)


def adapter_for(model_or_obj) -> SubjectAdapter:
    """The adapter registered for a model (or an instance's model); LookupError if there is none."""
    key = _key(model_or_obj)
    try:
        return _adapters[key]
    except KeyError:
        raise LookupError(f"No panel subject adapter is registered for {key}.") from None


def is_registered(model_or_obj) -> bool:
    return _key(model_or_obj) in _adapters
