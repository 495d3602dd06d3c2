"""Wagtail's default groups and workflow are named in English; give them their Chinese names."""

from django.db import migrations

GROUPS = {"Editors": "编辑", "Moderators": "审核员"}
WORKFLOWS = {"Moderators approval": "审核员审批"}


def rename(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in GROUPS.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
    for old, new in WORKFLOWS.items():
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_home_page"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
