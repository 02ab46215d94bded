"""Tilgængelighedserklæring: the accessibility statement, in the form the Danish Agency for
Digital Government asks public bodies to publish (status, what is not accessible and why, how
it was assessed, feedback and contact, complaints)."""

import streamlit as st

from nextwork import config, formats
from nextwork.present import accessibility_statement, known_issues
from nextwork.web import ui
from nextwork.web.ui import t

f = ui.current()
st.title(t("Tilgængelighedserklæring", "Accessibility statement"))
if f.notices:  # values in the link that could not be used: say so, as every page does
    ui.banners(f)
st.markdown(
    t(
        "Kommunerne i NExTWORK ønsker, at alle, der skal bruge NExTWORK Indsigt, kan bruge "
        "det: også med skærmlæser, forstørrelse eller kun tastatur. Dashboardet skal leve op "
        "til lov om tilgængelighed af offentlige organers websteder og mobilapplikationer (lov "
        "nr. 692 af 8. juni 2018), som kræver WCAG 2.1 på niveau AA (standarden EN 301 549).",
        "The municipalities of NExTWORK want everyone who must use NExTWORK Indsigt to be able "
        "to use it: with a screen reader, magnification or the keyboard alone as well. The "
        "dashboard is to meet the Danish act on the accessibility of public bodies' websites "
        "and mobile applications (act no. 692 of 8 June 2018), which requires WCAG 2.1 level AA "
        "(the standard EN 301 549).",
    )
)

st.header(t("Overensstemmelsesstatus", "Compliance status"), divider=False)
st.markdown(
    t(
        "NExTWORK Indsigt er **delvist i overensstemmelse** med WCAG 2.1 AA på grund af de "
        "afvigelser, der står nedenfor. De ligger i den kode, som dashboardets værktøjer "
        f"({known_issues.STREAMLIT}, diagrammernes plotly og kortets deck.gl) selv tegner.",
        "NExTWORK Indsigt is **partially compliant** with WCAG 2.1 AA because of the "
        "exceptions listed below. They are in the code that the dashboard's tools "
        f"({known_issues.STREAMLIT}, plotly for the charts and deck.gl for the map) draw "
        "themselves.",
    )
)

st.subheader(t("Det virker", "What works"))
st.markdown(t(*accessibility_statement.WHAT_WORKS))

st.subheader(t("Det er ikke tilgængeligt", "What is not accessible"))
st.markdown(
    t(
        "**Manglende overholdelse af lovgivningen.** Disse fejl findes i værktøjernes egen "
        "kode, som dashboardet ikke kan ændre; vi retter dem, når udviklerne gør:",
        "**Non-compliance with the legislation.** These failures are in the tools' own code, "
        "which the dashboard cannot change; we fix them when their developers do:",
    )
)
UPSTREAM = t("sag hos udvikleren", "issue with the developer")
st.markdown(
    "\n".join(
        f"- WCAG {issue.criterion} (axe-core: `{issue.rule}`): {t(issue.da, issue.en)}"
        + (f" ([{UPSTREAM}]({issue.upstream}))" if issue.upstream else "")
        for issue in known_issues.FRAMEWORK_ISSUES
    )
    + "\n"
    + "\n".join(
        f"- WCAG {item.criterion}: {t(item.da, item.en)} ([{UPSTREAM}]({item.upstream}))"
        for item in known_issues.LIMITATIONS
    )
)
st.markdown(
    t(
        "- Kortet over virksomhederne kan ikke flyttes eller zoomes med tastaturet, og den enkelte "
        "virksomheds navn står kun i kortets værktøjstip. Antallet af virksomheder pr. kommune, "
        "branche og størrelse står i tabellen under kortet.",
        "- The map of the companies cannot be panned or zoomed by keyboard, and a single "
        "company's name is only in the map's tooltip. The number of companies per municipality, "
        "industry and size is in the table below the map.",
    )
)

st.markdown(
    t(
        "**Uforholdsmæssig stor byrde.** Vi påberåber os ikke undtagelsen for uforholdsmæssig "
        "stor byrde for noget indhold.\n\n"
        "**Indhold, der ikke er omfattet af lovgivningen.** Intet.",
        "**Disproportionate burden.** We do not claim the exemption for disproportionate "
        "burden for any content.\n\n"
        "**Content outside the scope of the legislation.** None.",
    )
)

st.header(t("Sådan er erklæringen udarbejdet", "How this statement was prepared"))
st.markdown(
    t(
        "Erklæringen bygger på en selvevaluering. Hver ændring af dashboardet testes "
        "automatisk: en rigtig browser åbner hver side på dansk og engelsk, også som gæst med "
        "skjulte små tal, og kører axe-core med reglerne for WCAG 2.1 A og AA; testen fejler ved "
        "enhver alvorlig eller kritisk fejl, som ikke står på listen ovenfor. Kontrasten i "
        "farverne regnes efter i testene. Den samme browser åbner hver side på begge sprog i "
        "320 pixel bredde og ved 200 % zoom og fejler, hvis siden skal rulles vandret, hvis "
        "tekst er skåret af, eller hvis menuen dækker siden; den går gennem hver side med "
        "Tab-tasten og fejler, hvis fokus forsvinder, ikke kan ses eller ikke når sidens "
        "knapper; og den viser præsentationen og henter den som PowerPoint alene med "
        "tastaturet. Der er endnu ikke lavet en manuel test med en skærmlæser (fx NVDA, JAWS "
        "eller VoiceOver) eller med brugere, der bruger hjælpemidler. "
        f"Erklæringen er senest gennemgået {formats.date(known_issues.STATEMENT_DATE, f.lang)}.",
        "This statement rests on a self-assessment. Every change to the dashboard is tested "
        "automatically: a real browser opens every page in Danish and English, also as a guest "
        "with small numbers hidden, and runs axe-core with the rules of WCAG 2.1 A and AA; the "
        "test fails on any serious or critical failure not listed above. The colours' contrast "
        "is worked out in the tests. The same browser opens every page in both languages 320 "
        "pixels wide and at 200 % zoom, and fails if the page scrolls sideways, if text is "
        "cut off or if the menu covers the page; it goes through every page with the Tab key "
        "and fails if the focus is lost, cannot be seen or does not reach the page's "
        "controls; and it shows the presentation and downloads it as PowerPoint with the "
        "keyboard alone. No manual test with a screen reader (such as NVDA, JAWS or "
        "VoiceOver) or with users of assistive technology has been done yet. The "
        f"statement was last reviewed on {formats.date(known_issues.STATEMENT_DATE, f.lang)}.",
    )
)

st.header(t("Feedback og kontaktoplysninger", "Feedback and contact information"))
contact = str(config.settings().get("accessibility", {}).get("contact", "")).strip()
st.markdown(
    t(
        "Møder du noget, du ikke kan bruge, så skriv til os, og fortæl, hvilken side og hvad "
        "du prøvede; så svarer vi og sender tallene i en form, du kan bruge. ",
        "If you meet anything you cannot use, write to us and tell us which page and what you "
        "tried; we will answer and send you the figures in a form you can use. ",
    )
    + (
        t("Kontakt: ", "Contact: ") + contact
        if contact
        else t(
            "Kontakt den dataansvarlige for NExTWORK i din kommune.",
            "Contact the person responsible for NExTWORK's data in your municipality.",
        )
    )
)

st.header(t("Håndhævelsesprocedure", "Enforcement procedure"))
st.markdown(
    t(
        "Digitaliseringsstyrelsen fører tilsyn med, at offentlige organer overholder loven. Er "
        "du ikke tilfreds med vores svar, kan du klage til Digitaliseringsstyrelsen "
        "(digst.dk).",
        "The Danish Agency for Digital Government supervises that public bodies comply with "
        "the act. If you are not satisfied with our answer, you can complain to the Agency "
        "(digst.dk).",
    )
)
