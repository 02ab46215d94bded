"""How an import words a problem: the Problem record, the CPR messages, and masking.

Every problem names its file, row and column and says what is wrong; anything shaped like a
CPR number is masked before it reaches a message, and a quoted value is cut short.
"""

from __future__ import annotations

from dataclasses import dataclass

from nextwork.ingest import privacy

MAX_REPORTED = 100
MAX_LISTED = MAX_REPORTED * 10  # problems listed per check; the rest are only counted


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


class ExportRejected(Exception):
    pass


# What an import says about a CPR number where none belongs; never the number itself.
CPR_IN_CELL = (
    "holds a CPR number, which may only be given in the cpr column or as a whole "
    "participant_id (and is then replaced by a pseudonym); remove it"
)
CPR_IN_PARTICIPANT_ID = (
    "holds a CPR number beside other text; give the CPR number alone (it is then replaced "
    "by a pseudonym) or another id"
)
CPR_IN_HEADER = "the column's name holds a CPR number; rename or remove the column"
CPR_IN_FILE_NAME = "the file's name holds a CPR number; rename or remove the file"
CPR_IN_SHEET_NAME = "the name of sheet {n} holds a CPR number; rename the sheet"
CPR_IN_SOURCE = (
    "the path of the export (its folder, or an uploaded file's name) holds a CPR number; rename it"
)
# How a message names a young person whose id is the pseudonym of a CPR number.
FROM_CPR = {
    "cpr": "the young person (cpr)",
    "participant_id": "the young person (a CPR number as participant_id)",
}
SAME_CPR = {
    "cpr": "young person (same cpr)",
    "participant_id": "young person (the same CPR number as participant_id)",
}


def problem(file: str, row: int, column: str, message: str) -> Problem:
    """A problem with anything shaped like a CPR number masked, wherever it came from (a
    file name, a header cell, a reader's message)."""
    mask = privacy.mask_cpr_like
    return Problem(mask(file), row, mask(column), mask(message))


def echo(value: str | None) -> str:
    if value is None:
        return ""
    # Masked before it is cut short: a CPR number cut in two would no longer look like one.
    shown = privacy.mask_cpr_like(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return "'" + shown + "'"
