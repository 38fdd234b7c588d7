import factory

from hjemmepaed.organisation.models import (
    MUNICIPAL_ROLES,
    Anchoring,
    Daycare,
    Municipality,
    Profession,
    Role,
    StaffRole,
    User,
    _extra_role_flag,
)

PASSWORD = "korrekt-hest-batteri"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Kommune {n}")
    authority_name = factory.LazyAttribute(lambda municipality: f"{municipality.name} Kommune")
    code = factory.Sequence(lambda n: f"{(n % 900) + 100:03d}")


class DaycareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Daycare

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Vuggestuen Nr. {n}")
    kind = Daycare.Kind.NURSERY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = "Mette"
    last_name = factory.Sequence(lambda n: f"Hansen{n}")
    role = Role.COORDINATOR
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class EducatorFactory(UserFactory):
    role = Role.HOME_EDUCATOR
    profession = Profession.PEDAGOGUE
    anchoring = Anchoring.ADMINISTRATION


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class DaycareLeaderFactory(UserFactory):
    role = Role.DAYCARE_LEADER


class AnalystFactory(UserFactory):
    role = Role.ANALYST
    municipality = None


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    municipality = None
    is_staff = True
    is_superuser = True


FACTORY_BY_ROLE = {
    Role.HOME_EDUCATOR: EducatorFactory,
    Role.COORDINATOR: CoordinatorFactory,
    Role.MANAGER: ManagerFactory,
    Role.DAYCARE_LEADER: DaycareLeaderFactory,
    Role.ANALYST: AnalystFactory,
    Role.ADMINISTRATOR: AdministratorFactory,
}


def user_for_role(role, municipality=None, **kwargs):
    factory_class = FACTORY_BY_ROLE[role]
    if role in (Role.ANALYST, Role.ADMINISTRATOR):
        return factory_class(**kwargs)
    return factory_class(municipality=municipality, **kwargs)


def extra_role_give(user, *roles):
    """`user` also holds `roles` (as the staff service would record them); returns `user`."""
    StaffRole.objects.bulk_create(StaffRole(user=user, role=role) for role in roles)
    user.roles_forget()
    return user


def educator_coordinator(municipality, **kwargs):
    """A home educator who is also a coordinator (Thisted's "også er tovholdere")."""
    return extra_role_give(EducatorFactory(municipality=municipality, **kwargs), Role.COORDINATOR)


def user_in_memory(role, *, pk=None, municipality_id=None, extra_roles=(), **fields):
    """A staff user that is not in the database, for tests of checks that read only its fields:
    its roles are known as `User.objects.with_roles()` would read them, so `holds()` and the
    `is_*` flags ask no query."""
    user = User(pk=pk, role=role, **fields)
    if municipality_id is not None:
        user.municipality = Municipality(pk=municipality_id)
    for municipal_role in MUNICIPAL_ROLES:
        user.__dict__[_extra_role_flag(municipal_role)] = municipal_role in extra_roles
    return user
