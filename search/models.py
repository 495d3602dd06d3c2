"""The synonym list that site and admin searches expand queries with.

A synonym group is a set of words that a search treats as one: a query for any of them also finds documents
holding the others (失业, 零就业, 就业困难). Province admins keep the list in the Wagtail admin; it is read at query
time through a cache (search.synonyms), so an edit takes effect at once and needs no re-indexing.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .analysis import term_key
from .segmentation import words
from .synonyms import forget

TERM_SEPARATORS = re.compile(r"[,，、;；\n\r]+")
MAX_TERM_LENGTH = 40


def split_terms(text: str) -> list[str]:
    """The terms of a group as written, in order, blanks trimmed and repeats dropped."""
    return list(dict.fromkeys(term.strip() for term in TERM_SEPARATORS.split(text or "") if term.strip()))


class SynonymGroup(models.Model):
    """Words that mean the same to a search, in both directions. A group is switched off rather than deleted when
    its history should stay visible."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Two or more words that a search should treat as the same, separated by commas, 、 or new lines, "
            "for example: 失业, 零就业, 就业困难."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Why these words belong together."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Only active groups expand searches."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return "、".join(self.term_list())

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_after_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_after_commit()
        return result

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        """A group needs at least two different terms, each with a word in it and at most 40 characters long."""
        terms = self.term_list()
        for term in terms:
            if len(term) > MAX_TERM_LENGTH:
                message = _("“%(term)s” is too long: a term has at most %(count)d characters.")
                params = {"term": term[:MAX_TERM_LENGTH] + "…", "count": MAX_TERM_LENGTH}
                raise ValidationError({"terms": ValidationError(message % params, code="too_long")})
            if not words(term):
                message = _("“%(term)s” has no word to search for.") % {"term": term}
                raise ValidationError({"terms": ValidationError(message, code="no_word")})
        if len({term_key(term) for term in terms}) < 2:
            message = _("Enter at least two different terms.")
            raise ValidationError({"terms": ValidationError(message, code="too_few")})
        self.terms = "、".join(terms)


def _forget_after_commit() -> None:
    forget()
    transaction.on_commit(forget)  # a search between the write and the commit may have cached the old list again
