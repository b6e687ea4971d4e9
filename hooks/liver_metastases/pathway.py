"""Secundaire leverkanker, LUMC care pathway (LM-*, clinical model §1.5).

The pathway is written for patients, with referral information for doctors. The service refers
to the liver panel and lists the treatments with the conditions the pathway gives; whether a
patient is resectable is the panel's judgement and is never derived from the record (§4).
"""

from __future__ import annotations

from hooks.common.options import OptionTable
from hooks.liver_metastases.facts import LiverFacts
from hooks.liver_metastases.sources import (
    behandeling,
    nazorg,
    onderzoek,
    verschijnselen,
    verwijzen,
    wat_is,
)
from hooks.rules import DecisionTable, Row, Truth, all_of, any_of, negate


def secondary_liver_tumour(f: LiverFacts) -> Truth:
    """(Verdenking op) secundaire levertumor(en): levermetastasen van colorectale of andere primaire origine."""
    return f.liver_metastases.value


def resectable(f: LiverFacts) -> Truth:
    """Niet te veel en niet te grote uitzaaiingen, en genoeg gezond leverweefsel dat overblijft."""
    return all_of(f.liver_metastases.value, f.resectable.value)


def shrink_first(f: LiverFacts) -> Truth:
    """Niet direct operabel: eerst een andere behandeling (bijvoorbeeld chemotherapie) om de uitzaaiingen kleiner te maken."""
    return all_of(f.liver_metastases.value, negate(f.resectable.value))


def not_directly_resectable(f: LiverFacts) -> Truth:
    """Het is niet mogelijk de tumor direct te opereren."""
    return all_of(f.liver_metastases.value, negate(f.resectable.value))


def surgery_not_possible_or_too_risky(f: LiverFacts) -> Truth:
    """Een operatie is niet mogelijk of te riskant, bijvoorbeeld omdat de tumoren diep in de lever liggen."""
    return all_of(f.liver_metastases.value, negate(f.resectable.value))


def chemotherapy_without_desired_effect(f: LiverFacts) -> Truth:
    """Chemotherapie gegeven en de ziekte is daarna progressief (niet het gewenste effect)."""
    return all_of(f.chemotherapy_given.value, f.disease_worsened.value)


def not_resectable_or_chemo_fails(f: LiverFacts) -> Truth:
    """De tumor kan niet operatief verwijderd worden, of chemotherapie heeft niet het gewenste effect."""
    return all_of(
        f.liver_metastases.value,
        any_of(negate(f.resectable.value), chemotherapy_without_desired_effect(f)),
    )


def treated_in_follow_up_period(f: LiverFacts) -> Truth:
    """Behandeld aan levermetastasen, korter dan 2 jaar geleden."""
    return f.treated_within_follow_up


def warning_signs_after_treatment(f: LiverFacts) -> Truth:
    """Na de behandeling: koorts, buikpijn, geelzucht of jeuk vastgelegd."""
    return all_of(f.treated_within_follow_up, f.warning_signs.value)


def cancer_at_risk(f: LiverFacts) -> Truth:
    """Een vorm van kanker die risico geeft op secundaire leverkanker (zoals darmkanker, borstkanker, melanoom)."""
    return f.risk_primary.value


def cancer_at_risk_with_complaints(f: LiverFacts) -> Truth:
    """Kanker met risico op levermetastasen, met afvallen, vermoeidheid, nachtelijk zweten of buikpijn."""
    return all_of(f.risk_primary.value, f.complaints.value)


REFERRAL = DecisionTable[LiverFacts](
    id="liver.referral",
    question_nl="Moet de patiënt naar het leverpanel?",
    question_en="Should the patient go to the liver panel?",
    rows=(
        Row(
            id="LM-03",
            when=secondary_liver_tumour,
            facts=("liver_metastases",),
            advice_nl="Verwijs naar het leverpanel: het beoordeelt patiënten met secundaire levertumoren en stelt een behandelvoorstel op",
            advice_en="Refer to the liver panel: it assesses patients with secondary liver tumours and draws up a treatment proposal",
            indicator="info",
            source=verwijzen(
                "Het Leverpanel is verantwoordelijk voor het beoordelen van patiënten met secundaire levertumoren, zoals levermetastasen van colorectale carcinomen of levermetastasen van andere primaire origine, en het opstellen van een behandelvoorstel."
            ),
        ),
    ),
)

REFERRAL_CONTENT = OptionTable[LiverFacts](
    id="liver.referral-content",
    question_nl="Wat hoort bij de verwijzing en de bespreking?",
    question_en="What belongs with the referral and the panel meeting?",
    rows=(
        Row(
            id="LM-04",
            when=secondary_liver_tumour,
            facts=("liver_metastases",),
            advice_nl="De verwijzing bevat ten minste: (1) een brief met relevante patiëntgegevens (voorgeschiedenis, beloop, verslagen van laboratorium, endoscopie, beeldvorming, eventueel pathologie) en (2) de relevante beeldvorming; vermeld of het een verwijzing of een beoordeling betreft, en uw contactgegevens",
            advice_en="The referral contains at least: (1) a letter with relevant patient data (history, course, reports of laboratory tests, endoscopy, imaging, pathology if any) and (2) the relevant imaging; state whether it is a referral or a request for assessment, and your contact details",
            indicator="info",
            source=verwijzen(
                "Uw verwijzing dient ten minste de volgende gegevens te bevatten: 1. Brief met relevante patiëntgegevens (incl. voorgeschiedenis, beloop en verslag van relevant aanvullend onderzoek zoals laboratoriumuitslagen, endoscopie en beeldvorming, evt. pathologie) 2. Een CD met relevante beeldvorming"
            ),
        ),
        Row(
            id="LM-05",
            when=secondary_liver_tumour,
            facts=("liver_metastases",),
            advice_nl="Mogelijk aanvullend onderzoek als dat nodig is: MRI, CT, PET of een punctie (de patholoog bepaalt het tumortype)",
            advice_en="Possible further investigations if needed: MRI, CT, PET or a biopsy (the pathologist determines the tumour type)",
            indicator="info",
            source=onderzoek(
                "Soms is het nodig om nog verder onderzoek te doen. Mogelijke onderzoeken zijn: MRI-scan … CT-scan … PET-scan … Punctie."
            ),
        ),
        Row(
            id="LM-12",
            when=secondary_liver_tumour,
            facts=("liver_metastases",),
            advice_nl="Het multidisciplinaire team maakt het behandelplan; de keuze wordt samen met de patiënt gemaakt",
            advice_en="The multidisciplinary team makes the treatment plan; the choice is made together with the patient",
            indicator="info",
            source=behandeling(
                "Het multidisciplinaire team van specialisten maakt voor u een passend behandelplan. … samen kiest u voor de behandeling die het beste bij uw situatie en wensen past."
            ),
        ),
    ),
)

TREATMENT_OPTIONS = OptionTable[LiverFacts](
    id="liver.treatment-options",
    question_nl="Welke behandelingen noemt het zorgpad, onder welke voorwaarde?",
    question_en="Which treatments does the pathway name, under which condition?",
    rows=(
        Row(
            id="LM-06",
            when=resectable,
            facts=("liver_metastases", "resectable"),
            advice_nl="Operatie (leverresectie, soms laparoscopisch); ongeveer 20-30% komt hiervoor in aanmerking",
            advice_en="Surgery (liver resection, sometimes laparoscopic); about 20-30% are eligible",
            indicator="info",
            source=behandeling(
                "Als er niet te veel uitzaaiingen zijn en deze niet te groot zijn, kan de chirurg het deel van de lever met daarin de uitzaaiingen verwijderen. Daarbij is het belangrijk dat er genoeg gezond leverweefsel overblijft. Ongeveer 20-30% van de mensen met secundaire leverkanker komt in aanmerking voor deze operatie."
            ),
        ),
        Row(
            id="LM-07",
            when=shrink_first,
            facts=("liver_metastases", "resectable"),
            advice_nl="Eerst een andere behandeling (bijvoorbeeld chemotherapie) om de uitzaaiingen te verkleinen, daarna alsnog opereren",
            advice_en="First another treatment (e.g. chemotherapy) to shrink the metastases, then surgery after all",
            indicator="info",
            source=behandeling(
                "Het kan ook voorkomen dat u eerste een andere behandeling (bijvoorbeeld chemotherapie) krijgt om de uitzaaiingen kleiner te maken, waarna we u alsnog kunnen opereren."
            ),
        ),
        Row(
            id="LM-08",
            when=not_directly_resectable,
            facts=("liver_metastases", "resectable"),
            advice_nl="Chemotherapie (medisch oncoloog); bij voldoende respons soms alsnog operatie en/of radiofrequente ablatie",
            advice_en="Chemotherapy (medical oncologist); with sufficient response sometimes surgery and/or radiofrequency ablation after all",
            indicator="info",
            source=behandeling(
                "Als het niet mogelijk is om de tumor direct te opereren, is een behandeling met chemotherapie mogelijk. … Als de tumor voldoende reageert op de chemotherapie, is het soms mogelijk hierna alsnog de tumor te verwijderen via een operatie en/of radiofrequente ablatie."
            ),
        ),
        Row(
            id="LM-09",
            when=surgery_not_possible_or_too_risky,
            facts=("liver_metastases", "resectable"),
            advice_nl="Radiofrequente of microwave ablatie (RFA/MWA, interventieradioloog), ook in combinatie met een operatie",
            advice_en="Radiofrequency or microwave ablation (RFA/MWA, interventional radiologist), also combined with surgery",
            indicator="info",
            source=behandeling(
                "RFA of MWA kan ook een geschikte behandeling zijn als een operatie niet mogelijk of te riskant is. Bijvoorbeeld omdat de tumoren diep in de lever liggen."
            ),
        ),
        Row(
            id="LM-10",
            when=secondary_liver_tumour,
            facts=("liver_metastases",),
            advice_nl="Stereotactische radiotherapie (radiotherapeut-oncoloog): nauwkeurige bestraling die gezond leverweefsel zo veel mogelijk spaart",
            advice_en="Stereotactic radiotherapy (radiation oncologist): precise irradiation that spares healthy liver as much as possible",
            indicator="info",
            source=behandeling(
                "Stereotactische radiotherapie is een vorm van bestraling waarbij de tumor heel nauwkeurig wordt bestraald."
            ),
        ),
        Row(
            id="LM-11",
            when=not_resectable_or_chemo_fails,
            facts=("liver_metastases", "resectable", "chemotherapy_given", "disease_worsened"),
            advice_nl="Radioembolisatie (interventieradioloog)",
            advice_en="Radioembolization (interventional radiologist)",
            indicator="info",
            source=behandeling(
                "Deze vorm van behandeling wordt uitgevoerd bij patiënten bij wie de tumor niet operatief verwijderd kan worden, of waar chemotherapie niet het gewenste effect heeft."
            ),
        ),
    ),
)

AFTER_TREATMENT = DecisionTable[LiverFacts](
    id="liver.after-treatment",
    question_nl="Wat is de nazorg na behandeling van levermetastasen?",
    question_en="What is the follow-up after treatment of liver metastases?",
    rows=(
        Row(
            id="LM-14",
            when=warning_signs_after_treatment,
            facts=("liver_metastases_history", "liver_treatment", "warning_signs"),
            advice_nl="Signalen van een mogelijke complicatie na de behandeling (koorts, buikpijn, geelzucht, jeuk); bij ernstige problemen direct 112 of de dichtstbijzijnde spoedeisende hulp",
            advice_en="Signs of a possible complication after the treatment (fever, abdominal pain, jaundice, itching); with severe problems call 112 or go to the nearest emergency department at once",
            indicator="warning",
            source=nazorg(
                "Mogelijke signalen zijn: Koorts · Buikpijn · Geelzucht · Jeuk … Aarzel bij ernstige problemen niet en bel meteen 112 of ga naar de dichtstbijzijnde spoedeisende hulp."
            ),
        ),
        Row(
            id="LM-13",
            when=treated_in_follow_up_period,
            facts=("liver_metastases_history", "liver_treatment"),
            advice_nl="Controle de eerste 2 jaar na de behandeling om de 4 maanden op het spreekuur, met vooraf een CT-scan van borst en buik en bloedonderzoek",
            advice_en="Follow-up every 4 months for the first 2 years after the treatment at the clinic, preceded by a CT of chest and abdomen and blood tests",
            indicator="info",
            source=nazorg(
                "U komt de eerste 2 jaar na uw behandeling om de 4 maanden op het spreekuur voor controle. Voordat u langskomt, krijgt u een CT-scan van uw borst en buik en doen we bloedonderzoek."
            ),
        ),
    ),
)

AFTER_TREATMENT_SUPPORT = OptionTable[LiverFacts](
    id="liver.after-treatment-support",
    question_nl="Welke steun noemt het zorgpad na de behandeling?",
    question_en="Which support does the pathway name after treatment?",
    rows=(
        Row(
            id="LM-15",
            when=treated_in_follow_up_period,
            facts=("liver_metastases_history", "liver_treatment"),
            advice_nl="Oncologisch maatschappelijk werk kan helpen om zaken rond de ziekte en behandeling te verwerken",
            advice_en="Oncology social work can help to come to terms with the disease and the treatment",
            indicator="info",
            source=nazorg(
                "De oncologisch maatschappelijk werkers van het LUMC kunnen u helpen om zaken rondom de ziekte en behandeling te verwerken."
            ),
        ),
    ),
)

RISK = DecisionTable[LiverFacts](
    id="liver.risk",
    question_nl="Moet de patiënt worden onderzocht op levermetastasen?",
    question_en="Should the patient be examined for liver metastases?",
    rows=(
        Row(
            id="LM-02",
            when=cancer_at_risk_with_complaints,
            facts=("risk_primary", "complaints"),
            advice_nl="Klachten die kunnen passen bij levermetastasen (weinig specifiek): afvallen, vermoeidheid, nachtelijk zweten, buikpijn",
            advice_en="Complaints that may fit liver metastases (not specific): weight loss, fatigue, night sweats, abdominal pain",
            indicator="info",
            source=verschijnselen(
                "Klachten die kunnen ontstaan, zijn onder meer: Afvallen · Vermoeidheid, minder energie · Nachtelijk zweten · Buikpijn"
            ),
        ),
        Row(
            id="LM-01",
            when=cancer_at_risk,
            facts=("risk_primary",),
            advice_nl="Onderzoek de patiënt goed op eventuele uitzaaiingen: levermetastasen geven niet altijd klachten",
            advice_en="Examine the patient properly for possible metastases: liver metastases do not always cause complaints",
            indicator="info",
            source=wat_is(
                "Daarom is het van groot belang dat iedere patiënt met een vorm van kanker die risico geeft op secundaire leverkanker, goed wordt onderzocht op eventuele uitzaaiingen."
            ),
        ),
    ),
)

TABLES = (
    REFERRAL,
    REFERRAL_CONTENT,
    TREATMENT_OPTIONS,
    AFTER_TREATMENT,
    AFTER_TREATMENT_SUPPORT,
    RISK,
)
