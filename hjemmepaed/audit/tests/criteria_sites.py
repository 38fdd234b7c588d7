"""Every place the code writes an audit event's criterion, found in the source (`sites()`), with
what it stores: the table `test_criteria.py` checks, and the guard that fails when a new place
writes a criterion the table does not know.

A place is named by its file and the expression as Python reads it back (`ast.unparse`), so a
changed criterion is a new place: its examples are written here and their Danish is checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
APPS = ("hjemmepaed", "families", "courses", "visitation", "surveys", "sdq", "reporting", "sheets", "privacy", "demo")
# The keyword arguments that end up in a criterion: `course_move(audit_detail=...)` joins its event's.
KEYWORDS = ("criterion", "audit_detail")
NAMES = ("criterion", "CRITERION")


def sites() -> set[str]:
    found = set()
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if {"tests", "migrations"} & set(relative.parts) or relative.parts[:3] == (
                "hjemmepaed",
                "audit",
                "criteria",
            ):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    found.update(
                        f"{relative.as_posix()}: {keyword.arg}={ast.unparse(keyword.value)}"
                        for keyword in node.keywords
                        if keyword.arg in KEYWORDS
                    )
                elif isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if any(isinstance(target, ast.Name) and target.id in NAMES for target in targets):
                        found.add(f"{relative.as_posix()}: {ast.unparse(node)}")
    return found


# What each place stores, as (object type, criterion) examples.
WRITTEN = {
    "courses/services/changes.py: criterion='transferred'": (("course", "transferred"),),
    "courses/services/changes.py: criterion=f\"correction of closed course ({', '.join(changed)}): {reason.strip()}\"": (
        ("course", "correction of closed course (end_date, end_reason): Slutdatoen var skrevet forkert"),
    ),
    "courses/services/closure.py: audit_detail=_cancelled_audit(cancelled)": (
        ("course", "phase started -> closed; 3 planned visits cancelled"),
        ("course", "phase started -> withdrawn; 1 planned visits cancelled"),
    ),
    "courses/services/closure.py: criterion='consent withdrawn after closure'": (
        ("course", "consent withdrawn after closure"),
    ),
    "courses/services/extension.py: criterion='extended'": (("course", "extended"),),
    "courses/services/goals.py: criterion='ended'": (("goal", "ended"),),
    "courses/services/goals.py: criterion='reworded'": (("goal", "reworded"),),
    "courses/services/phases.py: criterion=f'phase {source} -> {target}' + (f'; {audit_detail}' if audit_detail else '')": (
        ("course", "phase referred -> decided"),
        ("course", "phase waiting -> decided"),
        ("course", "phase decided -> started"),
        ("course", "phase referred -> rejected"),
    ),
    "courses/services/planning.py: criterion=f'{len(free)} planned visits'": (
        ("course", "12 planned visits"),
        ("course", "1 planned visits"),
    ),
    "demo/services.py: criterion='demo login: one click, no password or code'": (
        ("demo_login", "demo login: one click, no password or code"),
    ),
    'families/services/changes.py: criterion="child\'s CPR number at a recorded birth: a child with it is already registered"': (
        ("family", "child's CPR number at a recorded birth: a child with it is already registered"),
    ),
    "families/services/changes.py: criterion='birth recorded'": (("child", "birth recorded"),),
    "families/services/changes.py: criterion='sex'": (("child", "sex"),),
    "families/services/consent_answers.py: criterion=f'consent {scope} v{text_version.version} declined {declined_on.isoformat()}'": (
        ("consent_decline", "consent involve_professionals v1 declined 2026-03-01"),
    ),
    "families/services/consents.py: criterion=f'consent {consent.scope} withdrawn' + (f', {cancelled} invitations cancelled' if cancelled else '')": (
        ("consent", "consent share_with_daycare withdrawn"),
        ("consent", "consent contact_for_questionnaire withdrawn, 2 invitations cancelled"),
    ),
    "families/services/consents.py: criterion=f'consent {scope} v{text_version.version} given {given_on.isoformat()}' + (f' by {channel}' if channel else '')": (
        ("consent", "consent share_with_daycare v2 given 2026-03-01"),
        ("consent", "consent contact_for_questionnaire v1 given 2026-03-01 by sms"),
    ),
    "families/services/guardians.py: criterion='contact details changed: ' + ', '.join(changed)": (
        ("guardian", "contact details changed: phone, email"),
    ),
    "families/services/guardians.py: criterion='household changed: ' + ', '.join(changed)": (
        ("family", "household changed: language, interpreter_needed, single_parent"),
    ),
    "families/services/guardians.py: criterion=f\"parent added on {on.isoformat()}: {relation}, custody {('yes' if has_custody else 'no')}\"": (
        ("guardian", "parent added on 2026-03-01: father, custody yes"),
        ("guardian", "parent added on 2026-03-01: other, custody no"),
    ),
    "families/services/guardians.py: criterion=f'parent left the family on {left_on.isoformat()}; {ended} consents ended'": (
        ("guardian", "parent left the family on 2026-03-01; 0 consents ended"),
        ("guardian", "parent left the family on 2026-03-01; 2 consents ended"),
    ),
    "families/services/guardians.py: criterion=f'{kind} on {on.isoformat()}' + (f'; {ended} consents ended' if ended else '')": (
        ("guardian", "custody_gained on 2026-03-01"),
        ("guardian", "custody_lost on 2026-03-01; 1 consents ended"),
    ),
    'families/services/members.py: criterion="child\'s CPR number at a referral: existing family found"': (
        ("family", "child's CPR number at a referral: existing family found"),
    ),
    "families/services/members.py: criterion=f'{len(children)} CPR numbers re-encrypted under the newest key'": (
        ("child_cpr", "14 CPR numbers re-encrypted under the newest key"),
    ),
    "families/services/members.py: criterion=purpose.strip()": (("child_cpr", "Underretning til familieafdelingen"),),
    "hjemmepaed/audit/services.py: criterion=f'{deleted} events older than {cutoff:%Y-%m-%d} deleted (retention {settings.AUDIT_RETENTION_YEARS} years)'": (
        ("audit_event", "1520 events older than 2021-12-04 deleted (retention 5 years)"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion=', '.join(changed)": (
        ("daycare", "name, kind, is_active"),
        ("daycare", "is_active"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion='hourly rate'": (("municipality", "hourly rate"),),
    "hjemmepaed/organisation/services/__init__.py: criterion=f\"offline use {('on' if allowed else 'off')}\"": (
        ("municipality_offline_use", "offline use on"),
        ("municipality_offline_use", "offline use off"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion='recovery code used'": (("user", "recovery code used"),),
    "hjemmepaed/organisation/services/__init__.py: criterion='recovery codes regenerated'": (
        ("user", "recovery codes regenerated"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion='second factor enrolled'": (
        ("user", "second factor enrolled"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion='second factor reset'": (("user", "second factor reset"),),
    "hjemmepaed/organisation/services/sso.py: criterion=detail": (
        ("user", "sso login"),
        ("user", "sso login, roles home_educator, coordinator"),
        ("user", "sso login, account created with roles manager"),
    ),
    "hjemmepaed/organisation/services/sso.py: criterion=f'sso refused: {refusal.reason}'": (
        ("user", "sso refused: no role"),
        ("user", "sso refused: no username"),
        ("user", "sso refused: another account"),
        ("user", "sso refused: deactivated"),
        ("user", "sso refused: no profession"),
        ("user", "sso refused: no mfa"),
    ),
    "hjemmepaed/organisation/services/__init__.py: criterion=f'retention years {previous} -> {years}'": (
        ("municipality_retention", "retention years 5 -> 10"),
    ),
    "hjemmepaed/organisation/services/staff.py: criterion += ''.join((f'; {detail}' for detail in details))": (
        (
            "staff_user",
            "changed in the administration: role, municipality; role coordinator -> manager; municipality 101 -> 147",
        ),
        ("staff_user", "changed in the administration: password, is_active"),
    ),
    "hjemmepaed/organisation/services/staff.py: criterion = f\"{('created' if created else 'changed')} in the administration: {', '.join(names)}\"": (
        (
            "staff_user",
            "created in the administration: username, first_name, last_name, email, role, municipality, password",
        ),
    ),
    "hjemmepaed/organisation/services/staff.py: criterion=', '.join(changed) + (' -> ' + ', '.join(roles) if before != person.roles else '')": (
        ("staff_user", "first_name, email"),
        ("staff_user", "role, profession -> coordinator, home_educator"),
        ("staff_user", "roles -> manager"),
    ),
    "hjemmepaed/organisation/services/staff.py: criterion='deactivated'": (("staff_user", "deactivated"),),
    "hjemmepaed/organisation/services/staff.py: criterion='reactivated'": (("staff_user", "reactivated"),),
    "hjemmepaed/organisation/services/staff.py: criterion='roles ' + ', '.join(roles)": (
        ("staff_user", "roles home_educator"),
        ("staff_user", "roles coordinator, home_educator"),
    ),
    "hjemmepaed/organisation/views.py: criterion='deactivated'": (("staff_list", "deactivated"),),
    "hjemmepaed/organisation/views.py: criterion='password'": (("staff_user", "password"),),
    "hjemmepaed/variants/services.py: criterion=f\"from {valid_from:%Y-%m-%d}, based on {settings['preset']}\"": (
        ("variant", "from 2026-01-01, based on thisted"),
        ("variant", "from 2026-08-01, based on national"),
    ),
    "privacy/services.py: CRITERION = 'anonymised after retention period'": (
        ("course", "anonymised after retention period"),
        ("family", "anonymised after retention period"),
    ),
    "privacy/services.py: criterion=f'sample of {len(sample)} of {population} events; {criterion}; ids: {ids}'": (
        (
            "audit_sample",
            "sample of 5 of 30 events; Logningen filtreret på handling “Visning”.; ids: 101, 97, 90, 12, 3",
        ),
    ),
    "privacy/views.py: criterion=f'access request: {len(events)} events'": (
        ("audit_subject_report", "access request: 14 events"),
    ),
    "reporting/services.py: criterion='retry'": (("report", "retry"),),
    "reporting/services.py: criterion=cohort_kind": (
        ("report", "closed_in_year"),
        ("report", "started_in_period"),
    ),
    "reporting/services.py: criterion=kind": (
        ("report", "csv"),
        ("report", "xlsx"),
        ("report", "json"),
        ("report", "pdf"),
    ),
    "sdq/services.py: criterion=f'norm set {norm_set.pk}'": (("sdq_norm_choice", "norm set 3"),),
    "sdq/services.py: criterion=f'{len(rows)} cut-offs'": (("sdq_norm_set", "40 cut-offs"),),
    "sheets/services/imports.py: criterion=f'{len(to_create)} created, {unchanged} unchanged'": (
        ("registration_sheet", "12 created, 3 unchanged"),
        ("questionnaire_answers_sheet", "40 created, 0 unchanged"),
    ),
    "surveys/reminders.py: criterion='link sent by SMS'": (("invitation", "link sent by SMS"),),
    "surveys/reminders.py: criterion=f'questionnaire reminder {number} by {channel}'": (
        ("invitation_reminder", "questionnaire reminder 1 by email"),
        ("invitation_reminder", "questionnaire reminder 2 by sms"),
        ("invitation_reminder", "questionnaire reminder 1 by letter"),
    ),
    "surveys/services.py: criterion=','.join((f'{q.key}-v{q.version}' for q in questionnaires))": (
        ("questionnaire_choice", "national-v1,ishoj-v2"),
    ),
    "surveys/services.py: criterion='link sent by e-mail'": (("invitation", "link sent by e-mail"),),
    "surveys/services.py: criterion=f'{deleted} unsent questionnaire drafts deleted'": (
        ("draft", "3 unsent questionnaire drafts deleted"),
        ("draft", "1 unsent questionnaire drafts deleted"),
    ),
    "surveys/services.py: criterion=f'{len(invitations)} invitations'": (("invitation", "2 invitations"),),
    "surveys/services.py: criterion=response.source": (
        ("response", "invitation"),
        ("response", "open_link"),
        ("response", "import"),
    ),
    "visitation/services/decisions.py: audit_detail=_audit_detail(team_members=team_members, daycare_leader_name=daycare_leader_name, own=False, statements=statements)": (
        ("course", "phase referred -> waiting; visitation team of 2"),
        ("course", "phase referred -> waiting; daycare leaders' statements given: 1"),
    ),
    "visitation/services/decisions.py: audit_detail=_audit_detail(team_members=team_members, daycare_leader_name=daycare_leader_name, own=own, statements=statements)": (
        ("course", "phase referred -> decided; daycare leaders' statements given: 2, approved by own coordinator"),
        (
            "course",
            "phase referred -> decided; visitation team of 3, daycare leader's statement, approved by own coordinator",
        ),
        ("course", "phase referred -> decided; visitation team of 1"),
    ),
    'visitation/services/registration.py: audit_detail="no visitation in the municipality\'s model"': (
        ("course", "phase referred -> decided; no visitation in the municipality's model"),
    ),
    "visitation/services/registration.py: criterion='referral registered on an existing family' if on_existing_family else 'referral registered'": (
        ("course", "referral registered"),
        ("course", "referral registered on an existing family"),
    ),
    "visitation/services/revisions.py: criterion=f\"revised ({', '.join(changed)})\"": (
        ("referral", "revised (complexity, section_52)"),
        ("referral", "revised (complexity)"),
    ),
}

# Places that write a Danish sentence already (gettext when written): shown as stored.
SENTENCES = {
    "courses/views.py: criterion=filter_criterion(course_filter.form, subject=_('Courses'))",
    "courses/views_search.py: criterion=' '.join([search.criterion, ngettext('%(count)s course found.', '%(count)s courses found.', page.paginator.count) % {'count': page.paginator.count}, _('Page %(number)s.') % {'number': page.number}])",
    "privacy/services.py: criterion=_('Request of access, as %(kind)s.') % {'kind': kind.upper()}",
    "privacy/views.py: criterion = audit_filter.criterion_text()",
    "privacy/views.py: criterion=f\"{criterion} {_('Page %(number)s.') % {'number': page.number}}\"",
    "sheets/views.py: criterion=ngettext('Registration sheet with %(count)s course.', 'Registration sheet with %(count)s courses.', len(rows)) % {'count': len(rows)}",
}

# A helper's argument passed on (its callers are above), and names that are no criterion written.
PASSED_ON = {
    "courses/services/locking.py: criterion=criterion",
    "families/services/consents.py: criterion=criterion",
    "families/services/guardians.py: criterion=criterion",
    "hjemmepaed/audit/models.py: criterion = models.TextField(_('criterion or purpose'), blank=True, help_text=_('The search criterion, or why the data was looked at.'))",
    "hjemmepaed/audit/services.py: criterion=criterion",
    "hjemmepaed/organisation/services/__init__.py: criterion=criterion",
    "hjemmepaed/organisation/services/staff.py: criterion=criterion",
    "privacy/filters.py: criterion = django_filters.CharFilter(label=_('Criterion or purpose contains'), method='filter_criterion')",
    "privacy/selectors/audit_log.py: criterion=event_criterion_text(event)",
    "privacy/services.py: criterion=CRITERION",
    "privacy/views.py: criterion=criterion",
}
