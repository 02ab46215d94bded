"""The fair comparison in words: the method (for the definitions page and docs/kpis.md),
the strata's names, where a site lies in the funnel, the plain sentence for a site, the lines
that the presentation and the workbook print, and the comparison as a table."""

from __future__ import annotations

import pandas as pd

from nextwork import i18n
from nextwork.metrics.fair.model import Comparison

# The method in words, for the definitions page and docs/kpis.md (a test keeps them equal).
METHOD_DA = (
    "Kommunerne får ikke de samme unge, så en rangering af de rå andele belønner, hvem der "
    "henvises, ikke arbejdet. Den fair sammenligning (indirekte standardisering) deler de unge "
    "i grupper efter målgruppe og aldersgruppe (indstillingen `[fair] strata`; køn kan "
    "tilføjes) og finder programmets andel i hver gruppe, alle kommuner lagt sammen, med samme "
    "periode og regler. En kommunes **forventede** andel er summen over grupperne af "
    "kommunens antal i gruppen gange programmets andel der, delt med kommunens antal: den "
    "andel, kommunen ville nå med programmets resultater for sin egen blanding af unge. "
    "**Forskellen** er observeret minus forventet i procentpoint, **forholdet** observeret "
    "delt med forventet, og andelen **med programmets mix** er forholdet gange programmets "
    "andel. Grupper, hvor programmet ikke har nogen (eller for få til at vise dem), udelades, "
    "og det siges. Nævner og tæller er nøgletallets egne: de samme forespørgsler køres for "
    "hver gruppe. **Tragten** (Spiegelhalters funnel plot) viser hver kommunes forskel mod "
    "dens antal unge (n) med kontrolgrænser, der snævrer ind, jo flere unge der er: 95 %- og "
    "99,8 %-grænserne fra binomialfordelingen om programmets andel (interpoleret mellem hele "
    "tal). Inden for 95 %-grænserne kan forskellen være tilfældig; uden for 99,8 %-grænserne "
    "er den næsten sikkert ikke. En leder ser sin egen kommune præcist og de andre som "
    "punkter uden navn; alle uden præcise rettigheder ser tallene gennem kontrollen af små "
    "tal, uden filtrene for målgruppe, køn og alder."
)
METHOD_EN = (
    "The sites do not get the same young people, so a ranking of the raw shares rewards who "
    "is referred, not the work. The fair comparison (indirect standardisation) splits the "
    "young people into groups by target group and age band (the setting `[fair] strata`; "
    "gender can be added) and finds the programme's share in each group, every site pooled, "
    "on the same period and rules. A site's **expected** share is the sum over the groups of "
    "the site's number in the group times the programme's share there, divided by the site's "
    "number: the share the site would reach with the programme's results for its own mix of "
    "young people. The **difference** is observed minus expected in percentage points, the "
    "**ratio** observed divided by expected, and the share **with the programme's mix** is "
    "the ratio times the programme's share. Groups where the programme has nobody (or too "
    "few to show) are left out, and this is said. Numerator and denominator are the KPI's "
    "own: the same queries run for each group. The **funnel** (Spiegelhalter's funnel plot) "
    "shows each site's difference against its number of young people (n) with control "
    "limits that narrow as the number grows: the 95% and 99.8% limits of the binomial "
    "distribution around the programme's share (interpolated between whole numbers). Within "
    "the 95% limits the difference may be chance; beyond the 99.8% limits it almost "
    "certainly is not. A manager sees their own site exactly and the others as points "
    "without names; everyone without exact rights sees the figures through the small-number "
    "control, without the filters for target group, gender and age."
)

STRATUM_NAMES = {
    "target_group": ("målgruppe", "target group"),
    "age_band": ("aldersgruppe", "age band"),
    "gender": ("køn", "gender"),
}


def strata_text(by, lang: str = "da") -> str:
    """The strata's characteristics in words: "målgruppe × aldersgruppe"."""
    return " × ".join(STRATUM_NAMES[d][0 if lang == "da" else 1] for d in by)


READING_TEXT = {
    "above_998": (
        "over 99,8 %-grænsen: næsten sikkert ikke tilfældigt",
        "above the 99.8% limit: almost certainly not chance",
    ),
    "above_95": (
        "over 95 %-grænsen: næppe tilfældigt",
        "above the 95% limit: unlikely to be chance",
    ),
    "within": ("inden for den tilfældige variation", "within random variation"),
    "below_95": (
        "under 95 %-grænsen: næppe tilfældigt",
        "below the 95% limit: unlikely to be chance",
    ),
    "below_998": (
        "under 99,8 %-grænsen: næsten sikkert ikke tilfældigt",
        "below the 99.8% limit: almost certainly not chance",
    ),
}


def reading_text(reading_key: str | None, lang: str = "da") -> str:
    """Where a point lies in the funnel, in a few words."""
    if reading_key is None or pd.isna(reading_key):
        return ""
    da, en = READING_TEXT[reading_key]
    return i18n.t(lang, da, en)


# A site's place against what is expected, and what lying beyond a limit says; (da, en).
WHERE = {"at": ("på", "at"), "above": ("over", "above"), "below": ("under", "below")}
BEYOND = {
    "95": (
        "uden for 95 %-grænsen: næppe tilfældigt (1 ud af 20).",
        "beyond the 95% limit: unlikely to be chance alone (1 in 20).",
    ),
    "998": (
        "uden for 99,8 %-grænsen: næsten sikkert ikke tilfældigt (1 ud af 500).",
        "beyond the 99.8% limit: almost certainly not chance (1 in 500).",
    ),
}


def sentence(name: str, difference: float | None, reading_key: str | None, lang: str = "da") -> str:
    """The plain reading of one site: "Vejle ligger over det forventede for sine unge, men
    inden for den tilfældige variation." (a difference under 0.05 points reads "på")."""
    en = int(lang != "da")
    if difference is None or pd.isna(difference) or reading_key is None or pd.isna(reading_key):
        return (
            f"{name}: for få unge til at vise en sammenligning.",
            f"{name}: too few young people to show a comparison.",
        )[en]
    where = "at" if round(abs(difference) * 100, 1) == 0 else "above" if difference > 0 else "below"
    head = (
        f"{name} ligger {WHERE[where][0]} det forventede for sine unge",
        f"{name} is {WHERE[where][1]} what is expected for its young people",
    )[en]
    if reading_key == "within":
        if where == "at":
            return head + "."
        return (
            head
            + (", men inden for den tilfældige variation.", ", but within random variation.")[en]
        )
    return f"{head}, {BEYOND[reading_key.split('_')[1]][en]}"


def lines(sites: pd.DataFrame, lang: str = "da", summary: bool = False) -> tuple[str, ...]:
    """The comparison in words, from the named sites' rows (`municipality`, `difference`,
    `reading`): a `sentence` for each site; with `summary` and more than one site (the
    programme's slide), only the sites beyond the 95 % limits by name, then that the others,
    or all of them, lie within random variation."""
    if not summary or len(sites) <= 1:
        return tuple(
            sentence(r.municipality, r.difference, r.reading, lang)
            for r in sites.itertuples(index=False)
        )
    en = int(lang != "da")
    outside = sites[sites["reading"].notna() & (sites["reading"] != "within")]
    said = [
        sentence(r.municipality, r.difference, r.reading, lang)
        for r in outside.itertuples(index=False)
    ]
    if len(outside) == 0:
        said.append(
            (
                "Alle kommuner ligger inden for den tilfældige variation omkring det forventede.",
                "Every site lies within random variation around what is expected.",
            )[en]
        )
    elif len(outside) < len(sites):
        said.append(
            (
                "De øvrige ligger inden for den tilfældige variation.",
                "The others lie within random variation.",
            )[en]
        )
    return tuple(said)


def columns(lang: str = "da") -> dict[str, str]:
    """The table's column names in the reader's language."""
    da = lang == "da"
    return {
        "municipality": "Kommune" if da else "Municipality",
        "n": "n",
        "observed": "Observeret (%)" if da else "Observed (%)",
        "expected": "Forventet (%)" if da else "Expected (%)",
        "difference": "Forskel (pct.-point)" if da else "Difference (pp)",
        "ratio": "Forhold" if da else "Ratio",
        "standardised": "Med programmets mix (%)" if da else "With the programme's mix (%)",
        "reading": "Placering i tragten" if da else "Place in the funnel",
    }


def table(result: Comparison, sites: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """The comparison as a table: the programme first, then each named site (`sites`, from
    `anonymised`; sites without a name are left out); shares and the difference in per cent
    with one decimal, the ratio with two; None where a figure is not shown."""
    names = columns(lang)

    def pct(value):
        return None if value is None or pd.isna(value) else round(float(value) * 100, 1)

    rows = [
        {
            names["municipality"]: i18n.t(lang, "Programmet", "Programme"),
            "n": result.programme_n,
            names["observed"]: pct(result.programme_value),
            names["expected"]: pct(result.programme_value),
            names["difference"]: None,
            names["ratio"]: None,
            names["standardised"]: pct(result.programme_value),
            names["reading"]: "",
        }
    ]
    for row in sites[sites["municipality"].notna()].itertuples(index=False):
        rows.append(
            {
                names["municipality"]: row.municipality,
                "n": None if pd.isna(row.n) else int(row.n),
                names["observed"]: pct(row.observed),
                names["expected"]: pct(row.expected),
                names["difference"]: pct(row.difference),
                names["ratio"]: None if pd.isna(row.ratio) else round(float(row.ratio), 2),
                names["standardised"]: pct(row.standardised),
                names["reading"]: reading_text(row.reading, lang),
            }
        )
    out = pd.DataFrame(rows)
    shares = [names[c] for c in ("observed", "expected", "difference", "ratio", "standardised")]
    return out.astype({"n": "Int64", **dict.fromkeys(shares, "float64")})
