"""Who may read which audit-log entries: the organization scope applied to Wagtail's history.

Wagtail shows a log entry to anyone holding some permission on the logged model, whatever the object; that would let
an organization admin read entries about people of other cities. Here an entry about an object is readable only when
the object itself is:

- entries about a model instance (`ModelLogEntry`: content type + object id) follow the scope registered for the
  model with `register_log_scope`, else the model's own `visible_to(user)`; models with neither are read by province
  admins and superusers only;
- entries about a page (`PageLogEntry`) follow Wagtail's page permissions, narrowed by every
  `construct_explorer_page_queryset` hook (so a restricted library resource hidden from an editor's explorer is
  hidden from its history too).

Province admins and superusers read everything. Each app registers the scope of its logged models (in its
`wagtail_hooks`), so this module never imports a higher layer.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from wagtail import hooks
from wagtail.models import ModelLogEntry, Page, PageLogEntry

LogScope = Callable[[object], QuerySet]

_scopes: dict[type[Model], LogScope] = {}


def register_log_scope(model: type[Model], scope: LogScope) -> None:
    """Entries about instances of `model` are readable by `user` when the instance is in `scope(user)`."""
    _scopes[model] = scope


def sees_all_history(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.manages_whole_province


def objects_in_scope(model: type[Model], user) -> QuerySet | None:
    """The instances of `model` whose history `user` may read; None when only province admins may read it."""
    if model in _scopes:
        return _scopes[model](user)
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    return None


def model_log_entries_for(user) -> QuerySet:
    """The ModelLogEntry rows `user` may read (Wagtail's model-permission rule and the object's scope)."""
    entries = ModelLogEntry.objects.viewable_by_user(user)
    if sees_all_history(user):
        return entries
    condition = Q(pk__in=[])
    for content_type_id in entries.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
        visible = objects_in_scope(model, user) if model is not None else None
        if visible is None:
            continue
        keys = visible.order_by().annotate(log_object_key=Cast("pk", CharField())).values("log_object_key")
        condition |= Q(content_type_id=content_type_id, object_id__in=keys)
    return entries.filter(condition)


def pages_in_scope(request) -> QuerySet:
    """The pages whose history and reports the requesting user may read: the explorer's rule, hooks included."""
    pages = Page.objects.all()
    for hook in hooks.get_hooks("construct_explorer_page_queryset"):
        pages = hook(None, pages, request)
    return pages


def page_log_entries_for(request) -> QuerySet:
    """The PageLogEntry rows the requesting user may read."""
    entries = PageLogEntry.objects.viewable_by_user(request.user)
    if sees_all_history(request.user):
        return entries
    return entries.filter(page_id__in=pages_in_scope(request).values("pk"))


def log_entries_for(request, log_model) -> QuerySet:
    """Readable rows of one of Wagtail's log models; unknown log models are for province admins only."""
    if log_model is PageLogEntry:
        return page_log_entries_for(request)
    if log_model is ModelLogEntry:
        return model_log_entries_for(request.user)
    if sees_all_history(request.user):
        return log_model.objects.viewable_by_user(request.user)
    return log_model.objects.none()
