"""Writing audit events. The only way events come into being."""

from django.conf import settings
from django.db import models

from hjemmepaed.audit.models import AuditEvent

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    """The client's address; behind `PROXY_COUNT` trusted proxies, read from X-Forwarded-For."""
    if request is None:
        return None
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def audit_event_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str | int = "",
    subject: models.Model | None = None,
    municipality=None,
    criterion: str = "",
    request=None,
) -> AuditEvent:
    """Record one access to, or change of, personal data.

    `subject` is the person the data is about (a child or a guardian), when there is one.
    `municipality` defaults to the acting user's, so a coordinator's spot check finds it.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    if municipality is None and actor is not None:
        municipality = actor.municipality
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        criterion=criterion,
        ip_address=client_ip(request),
    )
