"""Admin menu items shared by the apps (no domain): an item shown only to users who hold a permission."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item to the admin URL named `url_name`, shown only to users holding `permission` (the URL is reversed
    when the menu is drawn, so items may be registered before the URLconf is complete)."""

    def __init__(self, label, url_name, permission, **kwargs):
        self.url_name, self.permission = url_name, permission
        super().__init__(label, "", **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)

    def render_component(self, request):
        self.url = reverse(self.url_name)
        return super().render_component(request)
