"""Who may read a lesson's text outside the lesson page (the site search's hits and excerpts, served documents).

The lesson page shows its body only to learners with an active or completed enrollment in its live course; the
course team and province admins read it in the editor. The same people, and nobody else, may find a lesson by its
text or read an excerpt of it elsewhere: a lesson outside that set is never a search hit at all (its course is found
by the course's own title and summary), so sliding a query over a lesson's text reveals nothing.
"""

from django.db.models import Q, QuerySet
from django.db.models.functions import Length, Substr

from .models import CoursePage, Enrollment
from .teams import courses_taught_by


def courses_readable_by(user) -> QuerySet:
    """Live courses whose lessons `user` may read: enrolled (active or completed), or on the course team."""
    if not getattr(user, "is_authenticated", False):
        return CoursePage.objects.none()
    enrolled = Enrollment.objects.current().filter(user=user).values("course_id")
    return CoursePage.objects.live().filter(Q(pk__in=enrolled) | Q(pk__in=courses_taught_by(user).values("pk")))


def readable_lessons(queryset: QuerySet, user) -> QuerySet:
    """The lessons of `queryset` whose text `user` may read (lessons are direct children of their course)."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    step = CoursePage.steplen
    return queryset.annotate(course_path=Substr("path", 1, Length("path") - step)).filter(
        course_path__in=courses_readable_by(user).values("path")
    )
