"""The lesson editor's form: the quiz to pass is checked against the course the lesson is created or edited under."""

from wagtail.admin.forms import WagtailAdminPageForm


class LessonPageForm(WagtailAdminPageForm):
    """The editor knows the parent course also while a lesson is being created, before the lesson has a place in
    the tree (the model's own clean can check the quiz only once it has one)."""

    def clean(self):
        cleaned = super().clean()
        if self.parent_page is not None:
            error = self.instance.completion_quiz_error(
                cleaned.get("completion"), cleaned.get("completion_quiz"), self.parent_page.path
            )
            if error:
                self.add_error("completion_quiz", error)
        return cleaned
