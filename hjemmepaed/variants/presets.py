"""The shipped presets: the national model and the five municipalities the seeds describe.

Each is the settings a new version starts from; `docs/variants.md` quotes the seed passages each
value comes from. Local referral questions are not part of a preset's fields (they are rows of
`ReferralQuestion`), so they are listed apart.
"""

from hjemmepaed.variants.models import Preset, Visitation

NATIONAL = {
    "preset": Preset.NATIONAL,
    "offer_name": "Hjemmepædagogisk forløb",
    "visitation": Visitation.COORDINATOR,
    "min_age_months": 0,
    "max_age_months": 36,
    "max_weeks": 40,
    "deviation_reason": "",
    "visit_cap": None,
    "first_visit_is_startup": False,
    "booster_window_months": 3,
    "planning_rhythm_days": None,
    "first_visit_deadline_days": None,
    "coordinator_may_approve_own": False,
}

PRESETS = {
    Preset.NATIONAL: NATIONAL,
    Preset.KOBENHAVN: {**NATIONAL, "preset": Preset.KOBENHAVN, "visitation": Visitation.TEAM},
    Preset.HELSINGOR: {
        **NATIONAL,
        "preset": Preset.HELSINGOR,
        "visitation": Visitation.DAYCARE_LEADER,
        "planning_rhythm_days": 14,
    },
    Preset.SVENDBORG: {**NATIONAL, "preset": Preset.SVENDBORG, "first_visit_deadline_days": 14},
    Preset.THISTED: {**NATIONAL, "preset": Preset.THISTED, "coordinator_may_approve_own": True},
    Preset.ISHOJ: {
        **NATIONAL,
        "preset": Preset.ISHOJ,
        "offer_name": "Hjemmebaseret forløb",
        "visitation": Visitation.NONE,
        "visit_cap": 10,
        "first_visit_is_startup": True,
    },
}

# København's visitation team's own questions at referral (filled in from `002_…`, Bilag 4).
REFERRAL_QUESTIONS: dict[str, list[str]] = {
    Preset.KOBENHAVN: [],
}
