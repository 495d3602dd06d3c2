"""The organization scope applied to Wagtail admin views.

`ScopedViewMixin` makes every generic admin view (index, edit, delete, history, inspect, usage, export) read its
rows through `visible_to(request.user)`, so an object outside the user's subtree is a 404 whether it is listed,
filtered, exported or reached by a guessed URL. Viewsets apply it to all their views with `ScopedViewSetMixin`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.views.generic.base import BaseListingView


class ScopedViewMixin:
    def scoped_queryset(self):
        return self.model._default_manager.visible_to(self.request.user)

    def get_base_queryset(self):
        """Index and export views list the model itself; history and usage views list log entries or references."""
        queryset = super().get_base_queryset()
        if queryset.model is self.model:
            queryset = queryset & self.scoped_queryset()
        return queryset

    def get_queryset(self):
        """Django's SingleObjectMixin (edit, delete) looks objects up here; listings keep their own, which orders,
        filters and searches the scoped `get_base_queryset()`."""
        if isinstance(self, BaseListingView):
            return super().get_queryset()
        return self.scoped_queryset()

    def get_base_object_queryset(self):  # Wagtail's BaseObjectMixin: usage, history, operation views
        return self.scoped_queryset()

    def get_object(self, *args, **kwargs):
        """Views that look an object up on the bare model (Wagtail's InspectView) are checked against the scope too."""
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not self.scoped_queryset().filter(pk=obj.pk).exists():
            raise Http404
        return obj


def scoped(view_class):
    """A subclass of `view_class` whose rows are limited to the requesting user's scope."""
    return type(f"Scoped{view_class.__name__}", (ScopedViewMixin, view_class), {})


class ScopedViewSetMixin:
    """Wraps every view class of a Wagtail ModelViewSet/SnippetViewSet in `ScopedViewMixin`."""

    scoped_view_attributes = (
        "index_view_class",
        "add_view_class",
        "edit_view_class",
        "delete_view_class",
        "history_view_class",
        "usage_view_class",
        "inspect_view_class",
        "copy_view_class",
    )

    def __init__(self, *args, **kwargs):
        for attribute in self.scoped_view_attributes:
            view_class = getattr(self, attribute, None)
            if view_class is not None and not issubclass(view_class, ScopedViewMixin):
                setattr(self, attribute, scoped(view_class))
        super().__init__(*args, **kwargs)


class ScopedBulkActionMixin:
    """Bulk actions act on rows in the user's scope only.

    Naming a row outside the scope is a 404 on the confirmation page and on submit alike (the confirmation page
    would otherwise show its name), and "select all" means every row the user may see.
    """

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        named = [*objects, *(obj for group in without_access.values() for obj in group)]
        visible = set(
            self.model._default_manager.visible_to(self.request.user)
            .filter(pk__in=[obj.pk for obj in named])
            .values_list("pk", flat=True)
        )
        if "all" not in self.request.GET.getlist("id") and any(obj.pk not in visible for obj in named):
            raise Http404
        return (
            [obj for obj in objects if obj.pk in visible],
            {key: [obj for obj in group if obj.pk in visible] for key, group in without_access.items()},
        )


def check_bulk_action_scope(request, action_type, objects, action_class_instance):
    """A `before_bulk_action` hook: refuse a bulk action that names any object outside the user's scope."""
    model = getattr(action_class_instance, "model", None)
    manager = getattr(model, "_default_manager", None)
    if manager is None or not hasattr(manager, "visible_to"):
        return None
    requested = {obj.pk for obj in objects}
    visible = set(manager.visible_to(request.user).filter(pk__in=requested).values_list("pk", flat=True))
    if requested - visible:
        raise PermissionDenied
    return None
