"""Who may read a served document: one policy for every file Wagtail's document view serves.

A document is owned by the objects that use it, found through Wagtail's reference index (a resource's attachment or
body, a lesson's document or video block, a rich-text link ...) and through any extra holders an app names. Each app
registers, for its own models, who may read a document its objects hold (`register_document_readers`): the library
its resources' access rule, courses the enrollment in the lesson's course. The document is served when one holder's
rule admits the reader. A document that no registered object holds (uploaded and never used, or used only by
objects without a rule) is for staff only: trainers and organization and province admins. Province admins and
superusers read every document.

This module sits low (people) so that no content app imports another to decide; the apps plug in from above.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from wagtail.models import ReferenceIndex

from .models import Role

STAFF_ROLES = (Role.TRAINER, Role.ORG_ADMIN, Role.PROVINCE_ADMIN)


@dataclass(frozen=True)
class DocumentReaders:
    # may_read(user, holders): whether `user` may read a document held by any of these instances of the model
    may_read: Callable[[object, list[Model]], bool]
    # holders(document): instances of the model holding the document outside the reference index (optional)
    holders: Callable[[object], Iterable[Model]] | None = None


_readers: dict[type[Model], DocumentReaders] = {}


def register_document_readers(model: type[Model], may_read, holders=None) -> None:
    """Documents held by instances of `model` (or its subclasses) are read by those `may_read` admits."""
    _readers[model] = DocumentReaders(may_read=may_read, holders=holders)


def public_when_live(user, pages) -> bool:
    """The rule for pages everyone may open: a document linked from a live one is public."""
    return any(page.live for page in pages)


def _rule_for(model: type[Model]) -> tuple[type[Model], DocumentReaders] | None:
    for ancestor in model.__mro__:
        if ancestor in _readers:
            return ancestor, _readers[ancestor]
    return None


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or any(user.has_role(role) for role in STAFF_ROLES)
    )


def holders_of(document) -> dict[type[Model], list[Model]]:
    """The registered objects holding `document`, grouped by the model whose rule decides for them."""
    ids_by_model = defaultdict(set)
    references = ReferenceIndex.get_references_to(document).values_list("content_type_id", "object_id")
    for content_type_id, object_id in references:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        rule = _rule_for(model) if model is not None else None
        if rule is not None:
            ids_by_model[model].add(object_id)
    holders = defaultdict(dict)
    for model, ids in ids_by_model.items():
        ruled_by = _rule_for(model)[0]
        for instance in model._default_manager.filter(pk__in=ids):
            holders[ruled_by][instance.pk] = instance
    for model, readers in _readers.items():
        if readers.holders is not None:
            for instance in readers.holders(document):
                holders[model][instance.pk] = instance
    return {model: list(instances.values()) for model, instances in holders.items() if instances}


def may_read_document(user, document) -> bool:
    """Whether `user` may download `document` (the rule in this module's docstring)."""
    if getattr(user, "is_authenticated", False) and user.manages_whole_province:
        return True
    holders = holders_of(document)
    if not holders:
        return is_staff(user)
    return any(_readers[model].may_read(user, instances) for model, instances in holders.items())
