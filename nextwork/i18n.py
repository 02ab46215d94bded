"""The one translator: a text in Danish or English by the reader's language, and the names
the dashboard gives the data's coded values (target groups, genders, age bands, outcomes).

It sits at the bottom of the package and imports nothing of the project: the web layer's
`ui.t` reads the reader's language from the session and calls `t`; the files and slides
pass the language they are made in."""

from __future__ import annotations

LANGUAGES = ("da", "en")
DEFAULT = "da"


def t(lang: str | None, da: str, en: str) -> str:
    """`en` for an English reader, else `da` (Danish is the default)."""
    return en if lang == "en" else da


VALUE_LABELS = {
    "activity_ready": ("Aktivitetsparat", "Activity-ready"),
    "education_ready": ("Uddannelsesparat", "Education-ready"),
    "job_ready": ("Jobparat", "Job-ready"),
    "other": ("Andet", "Other"),
    "unknown": ("Ukendt", "Unknown"),
    "female": ("Kvinde", "Female"),
    "male": ("Mand", "Male"),
    "under 18": ("Under 18", "Under 18"),
    "18-24": ("18-24 år", "18-24"),
    "25-29": ("25-29 år", "25-29"),
    "30+": ("30 år og derover", "30+"),
    "completed": ("Gennemført", "Completed"),
    "interrupted": ("Afbrudt", "Interrupted"),
    "ongoing": ("I gang", "Ongoing"),
    "education": ("Uddannelse", "Education"),
    "job": ("Job", "Job"),
}


def value_label(value: str, lang: str | None) -> str:
    """A coded value of the data as a reader reads it ("job_ready" -> "Jobparat"); a value
    without a name (a municipality, say) as it is."""
    da, en = VALUE_LABELS.get(value, (value, value))
    return t(lang, da, en)
