"""Wagtail content permissions for the roles, granted on the root page and the root collection.

Model permissions come from each app's `role_permissions` (see people.roles). Wagtail's pages, images and
documents are instead guarded by page and collection permissions, which are rows tied to a place in the tree;
this module grants them after every migration, idempotently: province admins manage all content, trainers may
upload and choose images and documents (editing only their own, by Wagtail's ownership rule).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from people.models import Role

PAGE_PERMISSIONS = {Role.PROVINCE_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]}
COLLECTION_PERMISSIONS = {
    Role.PROVINCE_ADMIN: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ],
    Role.TRAINER: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}


def _permission(dotted: str, using: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()


def grant_content_permissions(*, using="default", **kwargs) -> None:
    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    for role, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.using(using).filter(name=role.value).first()
        if group is None or root_page is None:
            continue
        for codename in codenames:
            permission = _permission(f"wagtailcore.{codename}", using)
            if permission:
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group, page=root_page, permission=permission
                )
    for role, dotted_names in COLLECTION_PERMISSIONS.items():
        group = Group.objects.using(using).filter(name=role.value).first()
        if group is None or root_collection is None:
            continue
        for dotted in dotted_names:
            permission = _permission(dotted, using)
            if permission:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
