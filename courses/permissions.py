"""Enrollments are read-only in the generic admin screens: they change only through courses.services
(enroll, decide, assign, complete), called by the dedicated approval and assignment views."""

from cpd.permissions import LedgerPermissionPolicy


class EnrollmentPermissionPolicy(LedgerPermissionPolicy):
    """Viewing is scoped (people in scope, plus the courses a trainer teaches); adding, changing, deleting refused."""
