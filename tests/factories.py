"""factory_boy factories for the tests and for `manage.py load_demo_data` (which builds on the same factories)."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from certification.models import LevelRecord
from people.models import Organization, Role, User
from standards.models import Level

DEMO_PASSWORD = "Demo-Pass-2026"


class OrganizationFactory(factory.django.DjangoModelFactory):
    """Creates a tree node: a root when `parent` is None, otherwise a child of `parent`."""

    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"机构{n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.EMPLOYMENT_AGENCY
    graduates_per_year = factory.LazyAttribute(
        lambda o: 5000 if o.kind == Organization.Kind.UNIVERSITY else None
    )
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        existing = model_class.objects.filter(code=kwargs["code"]).first()
        if existing:
            return existing
        if parent is None:
            return model_class.add_root(**kwargs)
        return parent.add_child(**kwargs)

    @classmethod
    def _get_or_create(cls, model_class, *args, **kwargs):
        return cls._create(model_class, *args, **kwargs)


def province(**kwargs) -> Organization:
    return OrganizationFactory(name="山东省", code="shandong", kind=Organization.Kind.PROVINCE, **kwargs)


def city(name: str, code: str, parent: Organization | None = None) -> Organization:
    return OrganizationFactory(name=name, code=code, kind=Organization.Kind.CITY, parent=parent or province())


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified e-mail address; pass `roles=[Role.X]` to put them in role groups."""

    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.cn")
    real_name = factory.Sequence(lambda n: f"学员{n}")
    organization = factory.SubFactory(OrganizationFactory)
    post = "职业指导员"
    employment = User.Employment.FULL_TIME
    education = User.Education.BACHELOR
    practising_since = datetime.date(2018, 9, 1)
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[role.value for role in extracted]))
            self.__dict__.pop("role_names", None)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class LevelRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelRecord
        django_get_or_create = ("holder", "level")

    holder = factory.SubFactory(UserFactory)
    level = factory.LazyFunction(lambda: Level.objects.get(code="level-5"))
    obtained_on = datetime.date(2022, 6, 30)
    basis = LevelRecord.Basis.RECOGNISED


def counselor(**kwargs) -> User:
    return UserFactory(roles=[Role.COUNSELOR], **kwargs)
