from django import template

from visitation.selectors_statements import daycare_statements_awaiting

register = template.Library()

SHOWN = 10


@register.inclusion_tag("visitation/partials/daycare_statements_waiting.html", takes_context=True)
def daycare_statements_waiting(context):
    """The daycare leader's start page: the referrals still waiting for her statement, by course
    number and date received (the children's names are on the audited list of statements)."""
    user = context["user"]
    awaiting = daycare_statements_awaiting(user=user).prefetch_related(None)
    waiting = awaiting.filter(statement_given=False)
    return {
        "waiting": list(waiting[:SHOWN]),
        "waiting_count": waiting.count(),
        "given_count": awaiting.filter(statement_given=True).count(),
        "asked": user.daycare_id is not None,
    }
