"""The lead-trainer group (课程负责人) and the course publishing workflow: one GroupApprovalTask approved by lead
trainers or province admins. courses.teams assigns the workflow to the course catalogue page."""

from django.db import migrations

LEAD_TRAINER_GROUP = "课程负责人"
PROVINCE_ADMIN_GROUP = "省级管理员"
WORKFLOW_NAME = "课程发布审核"
TASK_NAME = "课程负责人或省级管理员审核"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    lead, _ = Group.objects.get_or_create(name=LEAD_TRAINER_GROUP)
    province, _ = Group.objects.get_or_create(name=PROVINCE_ADMIN_GROUP)
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
    task.groups.add(lead, province)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
