"""Forms for people: the admin's user forms (scoped choices), self-signup, and the import upload."""

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.users import forms as wagtail_forms

from .models import Organization, Role, User

PROFILE_FIELDS = ["real_name", "phone", "organization", "post", "employment", "practising_since", "education"]


def assignable_roles(user) -> list[Role]:
    """Province admins assign any role; organization admins any role below province admin; others none."""
    if user.manages_whole_province:
        return list(Role)
    if user.has_role(Role.ORG_ADMIN):
        return [role for role in Role if role != Role.PROVINCE_ADMIN]
    return []


class ScopedUserFormMixin:
    """Limits the organization and role choices to what the editing user may hand out."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.fields["organization"].queryset = Organization.objects.visible_to(for_user)
        self.fields["organization"].required = True
        allowed = [role.value for role in assignable_roles(for_user)]
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(name__in=allowed).order_by("name")
            self.fields["groups"].label = _("Roles")
            self.fields["groups"].help_text = ""
        if "is_superuser" in self.fields and not (for_user and for_user.is_superuser):
            del self.fields["is_superuser"]
        self.kept_groups = Group.objects.none()
        if self.instance.pk:
            # Roles the editor may not hand out are kept as they are, neither shown nor removed.
            self.kept_groups = self.instance.groups.exclude(name__in=allowed)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A person with this e-mail address already exists."))
        return email

    def save_m2m(self):
        super().save_m2m()
        if self.kept_groups is not None:
            self.instance.groups.add(*self.kept_groups)


class UserCreationForm(ScopedUserFormMixin, wagtail_forms.UserCreationForm):
    first_name = None
    last_name = None

    class Meta(wagtail_forms.UserCreationForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "practising_since": forms.DateInput(attrs={"type": "date"})}


class UserEditForm(ScopedUserFormMixin, wagtail_forms.UserEditForm):
    first_name = None
    last_name = None

    class Meta(wagtail_forms.UserEditForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "practising_since": forms.DateInput(attrs={"type": "date"})}


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SignupForm(forms.Form):
    """allauth's signup form extended with the profile; the account stays pending until the organization approves."""

    real_name = forms.CharField(label=_("Real name"), max_length=60)
    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.institutions().filter(is_active=True),
        help_text=_("The institution you work for. Its administrator approves your account."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False)

    def signup(self, request, user):
        """Called by allauth after the user row is created."""
        from .services import register_self_signup

        register_self_signup(
            user,
            real_name=self.cleaned_data["real_name"],
            organization=self.cleaned_data["organization"],
            phone=self.cleaned_data["phone"],
        )


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; the organization (their scope) is changed by an admin."""

    class Meta:
        model = User
        fields = ["real_name", "phone", "post", "employment", "practising_since", "education"]
        widgets = {"practising_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    send_invitations = forms.BooleanField(
        label=_("Send an invitation e-mail to each new person"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An XLSX or CSV file in the layout of the template, at most %(rows)s rows."
        ) % {"rows": settings.LMS_IMPORT_MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LMS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.LMS_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the applicant when rejecting)"), required=False, max_length=500)
