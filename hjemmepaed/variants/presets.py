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
    # The product's own default, not a seed's: the evaluation sent no reminders at all.
    "survey_reminder_days": 14,
}

PRESETS = {
    Preset.NATIONAL: NATIONAL,
    # Bilag 5: the offer is called "Familiepædagogisk Tilbud (FPT)"; a visitation team decides;
    # visits "ca. hver fjortende dag".
    Preset.KOBENHAVN: {
        **NATIONAL,
        "preset": Preset.KOBENHAVN,
        "offer_name": "Familiepædagogisk Tilbud",
        "visitation": Visitation.TEAM,
        "planning_rhythm_days": 14,
    },
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
        # `000_…` names it "den hjemmebaserede indsats" throughout.
        "offer_name": "Hjemmebaseret indsats",
        "visitation": Visitation.NONE,
        "visit_cap": 10,
        "first_visit_is_startup": True,
    },
}

# København's own questions at referral: `002_…`, Bilag 5 (København's; Bilag 4 is Helsingør's):
# "revideret i henvisningsskemaet, så der i henvisningen skal beskrives: ..."
REFERRAL_QUESTIONS: dict[str, list[str]] = {
    Preset.KOBENHAVN: [
        "Hvordan forstår forældrene deres aktuelle situation?",
        "Hvad håber de kan blive anderledes?",
        "Hvad vurderer henviser, at der er vigtigt at være opmærksom på i det fremadrettede samarbejde med familien?",
    ],
}
