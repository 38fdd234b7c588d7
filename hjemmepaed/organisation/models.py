"""The tenants and the people who work in them.

A `Municipality` is the tenant: staff of one never see another's data. Every staff user has a
primary role (`User.role`); staff of a municipality may hold further municipal roles of the same
municipality (`StaffRole`, e.g. a home educator who is also a coordinator, as in Thisted). All but
the national analyst and the administrator belong to exactly one municipality, and those two never
hold another role. The database enforces all of it but the profession, which the services require
of anyone holding the home educator's role (primary or extra).
"""

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The name the municipality signs with, which is not always "<name> Kommune": "Københavns
    # Kommune", "Bornholms Regionskommune". Letters, the header and the parents' pages use it.
    authority_name = models.CharField(
        _("name as the municipality writes it"),
        max_length=120,
        help_text=_("E.g. “Københavns Kommune”, as on the municipality's own letters."),
    )
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        help_text=_("The three-digit municipality code, e.g. 101 for Copenhagen."),
    )
    visit_hourly_rate = models.DecimalField(
        _("hourly rate of visit time (kr.)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Used for the cost per course in the evaluation reports."),
    )
    # How long a closed course keeps its personal data before the nightly job anonymises it
    # (privacy/services.py), and only once an archive decision is recorded.
    retention_years = models.PositiveSmallIntegerField(
        _("years personal data is kept after a course closed"),
        default=5,
        help_text=_("From 1 to 20 years after the course's end date."),
    )
    # Whether home educators' phones keep the visit form and queue visits typed without a
    # connection (docs/security.md, "A lost phone"). Off: no service worker is registered and
    # an existing one is removed with its caches at the next page.
    offline_use = models.BooleanField(_("visits may be logged without a connection"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_three_digits"),
            models.CheckConstraint(
                condition=Q(visit_hourly_rate__isnull=True) | Q(visit_hourly_rate__gt=0),
                name="municipality_hourly_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(retention_years__gte=1, retention_years__lte=20),
                name="municipality_retention_years_1_20",
            ),
            models.CheckConstraint(condition=~Q(authority_name=""), name="municipality_authority_name_given"),
        ]

    def __str__(self) -> str:
        return self.name


class ArchiveDecision(models.Model):
    """The municipality's decision on archiving (arkivbestemmelse / bevaring og kassation) of its
    closed courses. The latest row counts; earlier ones are kept as history. Without one, the
    retention job anonymises nothing: records may have to be handed to an archive first."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="archive_decisions",
        verbose_name=_("municipality"),
    )
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(
        _("reference or journal number"),
        max_length=100,
        help_text=_("The decision's case or journal number, e.g. 00.01.10-P20-1-26."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "organisation.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        get_latest_by = ["recorded_at", "pk"]
        verbose_name = _("archive decision")
        verbose_name_plural = _("archive decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="archive_decision_has_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.decided_on:%d-%m-%Y})"


class Daycare(models.Model):
    class Kind(models.TextChoices):
        CHILDMINDER = "childminder", _("Childminder (dagpleje)")
        NURSERY = "nursery", _("Nursery (vuggestue)")
        INTEGRATED = "integrated", _("Integrated institution")
        KINDERGARTEN = "kindergarten", _("Kindergarten (børnehave)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="daycares",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive daycares are kept for history but cannot be chosen."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("daycare")
        verbose_name_plural = _("daycares")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="daycare_name_unique_in_municipality"),
            models.CheckConstraint(
                condition=Q(kind__in=["childminder", "nursery", "integrated", "kindergarten"]),
                name="daycare_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    HOME_EDUCATOR = "home_educator", _("Home educator")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    # A daycare leader who gives a statement in the intake decision (Helsingør).
    DAYCARE_LEADER = "daycare_leader", _("Daycare leader")
    ANALYST = "analyst", _("National analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that work inside one municipality; the others see across municipalities.
MUNICIPAL_ROLES = (Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER, Role.DAYCARE_LEADER)
CROSS_MUNICIPAL_ROLES = (Role.ANALYST, Role.ADMINISTRATOR)


class Profession(models.TextChoices):
    PEDAGOGUE = "pedagogue", _("Pedagogue")
    SUPPORT_PEDAGOGUE = "support_pedagogue", _("Support pedagogue")
    RESOURCE_PEDAGOGUE = "resource_pedagogue", _("Resource pedagogue")
    ROOM_PEDAGOGUE = "room_pedagogue", _("Room pedagogue")
    HEALTH_VISITOR = "health_visitor", _("Health visitor")
    OTHER = "other", _("Other")


class Anchoring(models.TextChoices):
    """Where an educator is anchored organisationally (the evaluation's Tabel 3.2)."""

    ADMINISTRATION = "administration", pgettext_lazy("anchoring", "Administration")
    DAYCARE = "daycare", _("Daycare")
    AREA_MANAGER = "area_manager", _("Area manager")


def _extra_role_flag(role: str) -> str:
    return f"holds_extra_{role}"


class StaffUserQuerySet(models.QuerySet):
    def with_roles(self):
        """Each user with the extra roles read in the same query (`User.roles` needs no other)."""
        return self.annotate(
            **{
                _extra_role_flag(role): Exists(StaffRole.objects.filter(user=OuterRef("pk"), role=role))
                for role in MUNICIPAL_ROLES
            }
        )


class StaffUserManager(UserManager.from_queryset(StaffUserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


def role_q(role: str, *, prefix: str = "") -> Q:
    """Users holding `role`, as primary or extra role. `prefix` reaches the user through a
    relation (`"user__"`). A subquery, so it needs no DISTINCT and joins no row twice."""
    holders = StaffRole.objects.filter(role=role).values("user_id")
    return Q(**{f"{prefix}role": role}) | Q(**{f"{prefix}pk__in": holders})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("municipality"),
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices, blank=True)
    anchoring = models.CharField(_("anchoring"), max_length=20, choices=Anchoring.choices, blank=True)
    # The daycare a daycare leader leads: she gives her statement on referrals of its children
    # (Helsingør). The staff services require it of her and give it to no one else.
    daycare = models.ForeignKey(
        Daycare,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leaders",
        verbose_name=_("daycare led"),
    )

    objects = StaffUserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=[choice.value for choice in Role]), name="user_role_known"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in MUNICIPAL_ROLES], municipality__isnull=False)
                    | (Q(role__in=[Role.ANALYST.value, Role.ADMINISTRATOR.value]) & Q(municipality__isnull=True))
                ),
                name="user_municipality_matches_role",
            ),
            # A primary home educator has both; someone else may have them only when she holds
            # the educator's role as an extra role, which the staff services require and check.
            models.CheckConstraint(
                condition=(
                    Q(role=Role.HOME_EDUCATOR.value)
                    & ~Q(profession="")
                    & ~Q(anchoring="")
                    & Q(profession__in=[p.value for p in Profession])
                    & Q(anchoring__in=[a.value for a in Anchoring])
                )
                | (
                    Q(role__in=[r.value for r in MUNICIPAL_ROLES if r != Role.HOME_EDUCATOR])
                    & (Q(profession="") | Q(profession__in=[p.value for p in Profession]))
                    & (Q(anchoring="") | Q(anchoring__in=[a.value for a in Anchoring]))
                )
                | (Q(role__in=[r.value for r in CROSS_MUNICIPAL_ROLES]) & Q(profession="") & Q(anchoring="")),
                name="user_profession_for_educators",
            ),
            models.CheckConstraint(
                condition=Q(daycare__isnull=True) | Q(municipality__isnull=False),
                name="user_daycare_only_in_a_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Every role the person holds: the primary one and the extra ones."""
        if self.pk is None:
            return frozenset({self.role})
        flags = [role for role in MUNICIPAL_ROLES if _extra_role_flag(role) in self.__dict__]
        if len(flags) == len(MUNICIPAL_ROLES):
            extra = {role for role in MUNICIPAL_ROLES if self.__dict__[_extra_role_flag(role)]}
        else:
            extra = set(self.extra_roles.values_list("role", flat=True))
        return frozenset({self.role, *extra})

    def roles_forget(self) -> None:
        """After a change of roles: the next read of `roles` asks the database."""
        self.__dict__.pop("roles", None)
        for role in MUNICIPAL_ROLES:
            self.__dict__.pop(_extra_role_flag(role), None)

    @property
    def role_labels(self) -> list[str]:
        """The roles held, in the order of `Role`, as the staff list shows them."""
        return [role.label for role in Role if role in self.roles]

    def holds(self, *roles: str) -> bool:
        """Whether the person holds any of `roles`."""
        return not self.roles.isdisjoint(roles)

    @property
    def is_home_educator(self) -> bool:
        return Role.HOME_EDUCATOR in self.roles

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles

    @property
    def is_daycare_leader(self) -> bool:
        return Role.DAYCARE_LEADER in self.roles

    @property
    def is_analyst(self) -> bool:
        return Role.ANALYST in self.roles

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles


class StaffRole(models.Model):
    """A municipal role a person holds besides the primary one (`User.role`), in her own
    municipality: a home educator who is also a coordinator."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="extra_roles", verbose_name=_("staff user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        verbose_name = _("extra role")
        verbose_name_plural = _("extra roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="staff_role_unique_per_user"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in MUNICIPAL_ROLES]), name="staff_role_municipal_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


# Single sign-on's models live in their own module; Django finds them through this import.
from hjemmepaed.organisation.models_sso import (  # noqa: E402, F401
    IdentityProvider,
    IdentityProviderRole,
    SingleSignOnDevice,
)
