"""The consent texts the product ships: version 1 of each scope, installed by migration 0004.

The wording is data (`ConsentText` rows), not gettext: it is what the parent consents to, in
Danish, and a changed wording is a new version, never an edit of the old one.
"""

from datetime import date

SHIPPED_VALID_FROM = date(2020, 1, 1)

SHIPPED = [
    {
        "scope": "share_with_daycare",
        "version": 1,
        "text": (
            "Jeg giver samtykke til, at hjemmepædagogen må udveksle oplysninger med mit barns dagtilbud "
            "(dagpleje, vuggestue eller børnehave) om barnets trivsel og udvikling og om vores forløb. "
            "Det gælder fx besøg i dagtilbuddet, møder med dagtilbuddet ved overgang og når personalet i "
            "dagtilbuddet udfylder et SDQ-skema om barnet. Der deles kun oplysninger, som er nødvendige for "
            "at støtte barnet og samarbejdet mellem os og dagtilbuddet. Jeg kan til enhver tid trække "
            "samtykket tilbage."
        ),
    },
    {
        "scope": "involve_professionals",
        "version": 1,
        "text": (
            "Jeg giver samtykke til, at hjemmepædagogen må inddrage andre relevante fagpersoner, fx "
            "sundhedsplejersken eller en pædagog fra dagtilbuddet, og at de må deltage i opstartsmødet og i "
            "netværksmøder om vores forløb. Der deles kun oplysninger, som er nødvendige for at hjælpe "
            "familien. Jeg kan til enhver tid trække samtykket tilbage."
        ),
    },
    {
        "scope": "contact_for_questionnaire",
        "version": 1,
        "text": (
            "Jeg giver samtykke til, at kommunen efter forløbet må give eller sende mig et personligt link "
            "til et spørgeskema om forløbet, på papir eller på e-mail. Det er frivilligt at svare, og svarene "
            "bruges kun samlet i kommunens evaluering, aldrig om vores familie alene. Jeg kan til enhver tid "
            "trække samtykket tilbage; så kan linket ikke længere bruges."
        ),
    },
]


def shipped_install(consent_text_model) -> int:
    """Install the shipped texts that are missing; returns how many were added. Idempotent, and
    takes the model so the data migration can pass its historical one."""
    added = 0
    for row in SHIPPED:
        _text, created = consent_text_model.objects.get_or_create(
            scope=row["scope"],
            version=row["version"],
            defaults={"text": row["text"], "valid_from": SHIPPED_VALID_FROM},
        )
        added += created
    return added
