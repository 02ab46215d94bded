"""Tilgængelighedserklæring: the accessibility statement, in the form the Danish Agency for
Digital Government asks public bodies to publish (status, what is not accessible and why, how
it was assessed, feedback and contact, complaints)."""

import streamlit as st

from nextwork import config, formats
from nextwork.present import known_issues
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
st.markdown(
    t(
        "- Farver: tekst har mindst 4,5:1 i kontrast, og linjer, søjler og fokusmarkering "
        "mindst 3:1 mod baggrunden. Farverne kan skelnes af farveblinde.\n"
        "- Farve er aldrig det eneste tegn: kortene viser ændringer med pil og fortegn, og "
        "princippernes tabeller viser over og under medianen med ▲ og ▼.\n"
        "- Sproget: siden er markeret som dansk eller engelsk efter det valgte sprog, og "
        "knappen til det andet sprog er markeret på sit eget sprog. På en dansk side har "
        "værktøjernes egne knapper (sidepanelet, hjælp, filtre, diagrammernes værktøjslinje) "
        "danske navne.\n"
        "- Diagrammer: hvert diagram har et navn og en kort beskrivelse til skærmlæsere, og "
        "tallene bag det står i en tabel under **Vis tal**. Kortet over virksomhederne har en "
        "beskrivelse, og tallene står i tabellen under det. Tendenslinjerne i nøgletalskortene "
        "er skjult for skærmlæsere, fordi kortet siger tallet og ændringen med ord.\n"
        "- Tastatur: alle filtre, knapper, faner og downloads kan nås og bruges med tastaturet "
        "i sidens rækkefølge, med synlig fokusmarkering; værktøjslinjer og overskrifternes "
        "links, der ellers kun vises under musen, vises, når fokus kommer til dem. "
        "Præsentationen kan styres alene med tastaturet: **Næste** og **Forrige** med Enter "
        "eller mellemrum, piletasterne skifter dias, og PowerPoint-filen hentes med Enter. Den "
        "har ingen egen knap til fuld skærm; brug browserens (F11).\n"
        "- Forstørrelse: siderne kan bruges ved 200 % zoom og i 320 pixel bredde (400 % zoom) "
        "uden at rulle siden vandret. Menuen er lukket på en smal skærm og lukker igen, når "
        "en side er valgt. Diagrammernes titler brydes over flere linjer; tabeller, "
        "princippernes farvetabeller og vandrette søjlediagrammer med lange navne kan rulles "
        "vandret inden for sig selv.\n"
        "- Tekstafstand: med egen linjehøjde, bogstav- og ordafstand (fx fra et "
        "browsertilføjelsesprogram) skæres ingen tekst af; knapperne vokser med teksten, og "
        "nøgletalskortenes overskrifter brydes over flere linjer.",
        "- Colours: text has a contrast of at least 4.5:1, and lines, bars and the focus "
        "indicator at least 3:1 against their background. Colour-blind readers can tell the "
        "colours apart.\n"
        "- Colour is never the only sign: the cards show changes with an arrow and a sign, and "
        "the principles' tables show above and below the median with ▲ and ▼.\n"
        "- Language: the page is marked as Danish or English after the chosen language, and "
        "the button for the other language is marked in its own language. On a Danish page "
        "the tools' own buttons (the sidebar, help, filters, the charts' toolbar) have Danish "
        "names.\n"
        "- Charts: every chart has a name and a short description for screen readers, and its "
        "numbers are in a table under **Show numbers**. The map of the companies has a "
        "description, and its figures are in the table below it. The trend lines in the KPI "
        "cards are hidden from screen readers, since the card states its figure and change "
        "in words.\n"
        "- Keyboard: every filter, button, tab and download can be reached and used by keyboard "
        "in the page's order, with a visible focus indicator; toolbars and the headings' links, "
        "which otherwise show only under the mouse, show when the focus reaches them. The "
        "presentation works by keyboard alone: **Next** and **Previous** with Enter or Space, "
        "the arrow keys move between slides, and Enter downloads the PowerPoint file. It has no "
        "full-screen button of its own; use the browser's (F11).\n"
        "- Zoom: the pages work at 200 % zoom and 320 pixels wide (400 % zoom) without "
        "scrolling the page sideways. The menu is closed on a narrow screen and closes again "
        "once a page is chosen. The charts' titles wrap over several lines; tables, the "
        "principles' colour tables and horizontal bar charts with long names scroll sideways "
        "within themselves.\n"
        "- Text spacing: with your own line height, letter and word spacing (from a browser "
        "extension, for instance) no text is cut off; the buttons grow with their text, and "
        "the KPI cards' labels wrap over several lines.",
    )
)

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
