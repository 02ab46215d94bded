"""The indicators of fidelity to NExTWORK's three principles, as data: each principle's
name and description, and each indicator's key, principle, kind, the query computing it, and
its texts in Danish and English (what it counts, why it matters, what its n counts). Read by
the Principper page, the definitions page, the deck and docs/kpis.md; nothing is computed
here."""

from __future__ import annotations

from dataclasses import dataclass

from nextwork import i18n
from nextwork.metrics import kpis

QUERY = "principle_indicators"


@dataclass(frozen=True)
class Principle:
    key: str
    label_da: str
    label_en: str
    description_da: str
    description_en: str

    def label(self, lang: str = "da") -> str:
        return i18n.t(lang, self.label_da, self.label_en)

    def description(self, lang: str = "da") -> str:
        return i18n.t(lang, self.description_da, self.description_en)


PRINCIPLES: list[Principle] = [
    Principle(
        "mange_til_mange",
        "Mange til mange",
        "Many to many",
        "De unge danner netværk med kolleger og ligestillede, virksomhederne samarbejder om at "
        "tilbyde praktik, og teamet bygger virksomhedsnetværkets kapacitet.",
        "Young people form networks with colleagues and peers, companies cooperate to offer "
        "placements, and the team builds the company network's capacity.",
    ),
    Principle(
        "arbejdsidentitet",
        "Arbejdsidentitet",
        "Work identity",
        "De unge finder retning gennem erfaring med arbejde, virksomhederne ser på evner frem for "
        "sårbarhed, og teamet samler ungegrupperne om erfaringerne fra arbejdet.",
        "Young people find direction through work experience, companies look at abilities "
        "rather than vulnerability, and the team runs the youth groups around work experiences.",
    ),
    Principle(
        "magtskifte",
        "Magtskifte",
        "Power shift",
        "De unge vælger selv deres virksomheder, virksomhederne er med til at udvikle netværket, "
        "og teamet gør nederlag til chancer for at lære.",
        "Young people choose their companies, companies help develop the network, and the team "
        "frames failures as chances to learn.",
    ),
]
PRINCIPLE_BY_KEY = {p.key: p for p in PRINCIPLES}


@dataclass(frozen=True)
class Indicator:
    key: str
    principle: str  # mange_til_mange | arbejdsidentitet | magtskifte
    kind: str  # share | ratio | days
    query: str  # the query computing it (a KPI query for the indicators that are KPIs)
    label_da: str
    label_en: str
    definition_da: str
    definition_en: str
    why_da: str  # what it measures and why it matters for the principle
    why_en: str
    n_da: str  # what its n (the denominator) counts
    n_en: str
    is_kpi: bool = False  # its value, numerator and denominator come from the KPI engine
    municipality_only: bool = False  # only the municipality filter applies

    def label(self, lang: str = "da") -> str:
        return i18n.t(lang, self.label_da, self.label_en)

    def definition(self, lang: str = "da") -> str:
        return i18n.t(lang, self.definition_da, self.definition_en)

    def why(self, lang: str = "da") -> str:
        return i18n.t(lang, self.why_da, self.why_en)

    def n_label(self, lang: str = "da") -> str:
        return i18n.t(lang, self.n_da, self.n_en)


def _kpi(key: str, principle: str, why_da: str, why_en: str, n_da: str, n_en: str) -> Indicator:
    """An indicator that is a KPI: its label and definition are the KPI's own."""
    kpi = kpis.KPI_BY_KEY[key]
    return Indicator(
        key,
        principle,
        kpi.kind,
        kpi.query,
        kpi.label_da,
        kpi.label_en,
        kpi.definition_da,
        kpi.definition_en,
        why_da,
        why_en,
        n_da,
        n_en,
        is_kpi=True,
        municipality_only=kpi.companies_only,
    )


INDICATORS: list[Indicator] = [
    # --- Mange til mange ---------------------------------------------------------------------
    Indicator(
        "companies_per_placed_participant",
        "mange_til_mange",
        "ratio",
        QUERY,
        "Virksomheder pr. ung i praktik",
        "Companies per young person in a placement",
        "Af unge med et praktikforløb, der overlapper perioden: det gennemsnitlige antal "
        "forskellige virksomheder, de var i praktik hos i perioden (par af ung og virksomhed "
        "delt med antal unge).",
        "Of young people with a placement overlapping the period: the average number of "
        "different companies that hosted them in the period (pairs of young person and company "
        "divided by the number of young people).",
        "Måler, om de unge møder flere arbejdspladser og kolleger end én. Mange til mange "
        "betyder, at hver ung får et netværk på tværs af flere virksomheder.",
        "Measures whether young people meet more than one workplace and set of colleagues. Many "
        "to many means each young person builds a network across several companies.",
        "unge i praktik",
        "young people in a placement",
    ),
    Indicator(
        "participants_per_hosting_company",
        "mange_til_mange",
        "ratio",
        QUERY,
        "Unge pr. praktikvirksomhed",
        "Young people per host company",
        "Af virksomheder med et praktikforløb, der overlapper perioden: det gennemsnitlige antal "
        "forskellige unge, de havde i praktik i perioden (par af ung og virksomhed delt med "
        "antal virksomheder).",
        "Of companies with a placement overlapping the period: the average number of different "
        "young people they hosted in the period (pairs of young person and company divided by "
        "the number of companies).",
        "Måler, om virksomhederne tager imod flere unge, så netværket bæres af virksomheder, der "
        "hver kender flere unge, frem for én ung pr. virksomhed.",
        "Measures whether companies take in more than one young person, so that the network "
        "rests on companies that each know several young people rather than one each.",
        "praktikvirksomheder",
        "host companies",
    ),
    _kpi(
        "companies_hosting_share",
        "mange_til_mange",
        "Måler, hvor stor en del af virksomhedsnetværket der faktisk tager unge i praktik. Et "
        "netværk, hvor få virksomheder gør arbejdet, er ikke mange til mange.",
        "Measures how much of the company network actually hosts young people. A network where "
        "a few companies do all the hosting is not many to many.",
        "virksomheder i netværket",
        "companies in the network",
    ),
    Indicator(
        "youth_meetings_per_group_month",
        "mange_til_mange",
        "ratio",
        QUERY,
        "Ungenetværksmøder pr. gruppe og måned",
        "Youth-network meetings per group and month",
        "Møder i ungenetværket afholdt i perioden delt med antal gruppemåneder. En gruppe (de "
        "unges ungenetværk i udtrækket) løber fra sit første medlems indskrivning til sit sidste "
        "medlems udskrivning; dens dage i perioden delt med 30,44 er dens gruppemåneder. Uden "
        "grupper i udtrækket er indikatoren tom.",
        "Youth-network meetings held in the period divided by group-months. A group (the young "
        "people's youth network in the export) runs from its first member's enrolment to its "
        "last member's exit; its days in the period divided by 30.44 are its group-months. "
        "Without groups in the export the indicator is empty.",
        "Grupperne i ungenetværket skal mødes hver uge, omkring fire gange om måneden. Her ses, "
        "om de faktisk gør det: netværket med ligestillede er den ene halvdel af mange til mange.",
        "The youth-network groups are meant to meet weekly, about four times a month. This shows "
        "whether they do: the network of peers is one half of many to many.",
        "gruppemåneder",
        "group-months",
        municipality_only=True,
    ),
    _kpi(
        "network_attendance_share",
        "mange_til_mange",
        "Måler, hvor mange af de unge der faktisk er med i ungenetværket. Et netværk, som kun "
        "nogle af de unge kommer i, kan ikke bære de andre.",
        "Measures how many of the young people actually take part in the youth network. A "
        "network that only some of them attend cannot carry the others.",
        "aktive unge",
        "active young people",
    ),
    Indicator(
        "company_network_attendance_share",
        "mange_til_mange",
        "share",
        QUERY,
        "Andel virksomheder til netværksmøder",
        "Share of companies at network meetings",
        "Af virksomhederne i netværket: andelen, der deltog i et møde i virksomhedsnetværket "
        "eller et fællesmøde afholdt i perioden.",
        "Of the companies in the network: the share that attended a company-network meeting or "
        "a joint meeting held in the period.",
        "Måler, om virksomhederne samarbejder i netværket og ikke kun tager imod unge hver for "
        "sig. Det er virksomhedernes side af mange til mange.",
        "Measures whether companies cooperate in the network rather than only hosting young "
        "people on their own. It is the companies' side of many to many.",
        "virksomheder i netværket",
        "companies in the network",
        municipality_only=True,
    ),
    # --- Arbejdsidentitet --------------------------------------------------------------------
    Indicator(
        "placements_per_participant",
        "arbejdsidentitet",
        "ratio",
        QUERY,
        "Praktikforløb pr. aktiv ung",
        "Placements per active young person",
        "Praktikforløb påbegyndt i perioden delt med de aktive unge i perioden.",
        "Placements started in the period divided by the young people active in the period.",
        "Måler, hvor meget erfaring med arbejde de unge får. Arbejdsidentitet bygges gennem "
        "praktik, ikke gennem samtaler om arbejde.",
        "Measures how much work experience young people get. Work identity is built through "
        "placements, not through talking about work.",
        "aktive unge",
        "active young people",
    ),
    Indicator(
        "median_placement_days",
        "arbejdsidentitet",
        "days",
        QUERY,
        "Praktikforløbenes længde (median)",
        "Placement length (median)",
        "Af praktikforløb, der sluttede i perioden: medianen af antal dage fra første til sidste "
        "dag, begge dage medregnet.",
        "Of the placements that ended in the period: the median number of days from the first "
        "to the last day, both included.",
        "Måler, om forløbene er lange nok til, at den unge bliver en del af arbejdspladsen og får "
        "en erfaring at bygge en arbejdsidentitet på.",
        "Measures whether placements last long enough for the young person to become part of "
        "the workplace and gain an experience to build a work identity on.",
        "afsluttede forløb",
        "ended placements",
    ),
    Indicator(
        "placements_15h_share",
        "arbejdsidentitet",
        "share",
        QUERY,
        "Praktik med mindst 15 timer om ugen",
        "Placements with at least 15 hours a week",
        "Af praktikforløb påbegyndt i perioden med kendt timetal: andelen med mindst 15 timer om "
        "ugen.",
        "Of the placements started in the period whose hours are known: the share with at least "
        "15 hours a week.",
        "15 timer om ugen er programmets eget minimum. Færre timer giver sjældent den daglige "
        "gang på en arbejdsplads, som en arbejdsidentitet bygger på.",
        "15 hours a week is the programme's own minimum. Fewer hours rarely give the everyday "
        "presence at a workplace that a work identity is built on.",
        "påbegyndte forløb med kendt timetal",
        "started placements with known hours",
    ),
    _kpi(
        "placement_within_3m_share",
        "arbejdsidentitet",
        "Måler, om de unge hurtigt kommer ud på en arbejdsplads. Arbejdsidentiteten begynder "
        "med erfaringen, ikke efter en lang forberedelse.",
        "Measures whether young people get to a workplace quickly. Work identity begins with "
        "the experience, not after a long preparation.",
        "nye unge med 3 mdr. opfølgning",
        "new young people followed for 3 months",
    ),
    # --- Magtskifte --------------------------------------------------------------------------
    _kpi(
        "participant_chosen_share",
        "magtskifte",
        "Kernen i magtskiftet: den unge vælger selv virksomheden. En lav andel betyder, at "
        "teamet vælger for de unge.",
        "The heart of the power shift: the young person chooses the company. A low share means "
        "the team chooses for them.",
        "påbegyndte forløb med kendt valg",
        "started placements, choice known",
    ),
    _kpi(
        "second_chance_share",
        "magtskifte",
        "Magtskiftet gør et nederlag til en chance for at lære. Her ses, om et afbrudt forløb "
        "bliver fulgt af et nyt, eller om den unge bliver tabt.",
        "The power shift turns a failure into a chance to learn. This shows whether an "
        "interrupted placement is followed by a new one or the young person is lost.",
        "afbrudte forløb",
        "interrupted placements",
    ),
    Indicator(
        "multiple_companies_share",
        "magtskifte",
        "share",
        QUERY,
        "Andel, der har prøvet flere virksomheder",
        "Share who tried more than one company",
        "Af unge med et praktikforløb, der overlapper perioden: andelen, der senest på periodens "
        "sidste dag havde startet praktik i mindst to forskellige virksomheder.",
        "Of young people with a placement overlapping the period: the share who by the period's "
        "last day had started placements at two or more different companies.",
        "Måler, om de unge får lov at prøve sig frem og vælge om. At kunne skifte virksomhed er "
        "en del af at have magten over sit eget forløb.",
        "Measures whether young people get to try things out and choose again. Being able to "
        "change company is part of owning one's own course.",
        "unge i praktik",
        "young people in a placement",
    ),
]
INDICATOR_BY_KEY = {i.key: i for i in INDICATORS}
