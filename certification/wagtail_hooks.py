"""Level records in the Wagtail admin, scoped like people: organization admins see their own subtree's records."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from exports.viewsets import ExportViewSetMixin
from people.scoping import ScopedViewSetMixin

from .models import LevelRecord


class LevelRecordViewSet(ExportViewSetMixin, ScopedViewSetMixin, ModelViewSet):
    model = LevelRecord
    icon = "pick"
    menu_label = _("Level records")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at"]
    list_filter = ["level", "basis"]
    list_export = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at"]
    search_fields = ["holder__real_name", "holder__email", "certificate_number"]
    form_fields = ["holder", "level", "obtained_on", "basis", "certificate_number", "revoked_at", "revocation_reason"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_level_record_viewset():
    return LevelRecordViewSet("level_records")
