"""Who may read and change a municipality's model.

The municipality's manager records new versions and edits its referral questions; its
coordinators read them. Another municipality's settings are never reachable (the page always
shows the user's own municipality; another's question answers 404).
"""

from hjemmepaed.organisation.models import Role

VARIANT_READERS = (Role.COORDINATOR, Role.MANAGER)
VARIANT_CHANGERS = (Role.MANAGER,)


def variant_may_read(*, user) -> bool:
    return (
        user.is_authenticated and user.is_active and user.holds(*VARIANT_READERS) and user.municipality_id is not None
    )


def variant_may_change(*, user, municipality) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.holds(*VARIANT_CHANGERS)
        and user.municipality_id == municipality.pk
    )
