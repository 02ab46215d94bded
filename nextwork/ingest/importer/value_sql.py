"""SQL expressions over an export's text cells: parsing each contract type, and the message
when a cell does not parse."""

from __future__ import annotations

from nextwork.ingest import contract, privacy


def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def enum_expr(v: str, enum: str) -> str:
    whens = " ".join(
        f"when {lit(alias.lower())} then {lit(canonical)}"
        for canonical, aliases in contract.ENUMS[enum].items()
        for alias in aliases
    )
    return f"(case lower({v}) {whens} end)"


def parse_expr(column: contract.Column, v: str, delimiter: str | None) -> str:
    kind = column.type
    if kind == "text":
        return v
    if kind == "date":
        parts = ", ".join(f"try_strptime({v}, {lit(f)})" for f in contract.DATE_FORMATS)
        return f"(coalesce({parts})::date)"
    if kind == "integer":
        return (
            f"(case when regexp_full_match({v}, '[+-]?[0-9]{{1,15}}([.,]0+)?') "
            f"then try_cast(split_part(replace({v}, ',', '.'), '.', 1) as bigint) end)"
        )
    if kind == "number":
        text = f"replace({v}, ',', '.')" if delimiter == ";" else v
        return (
            f"(case when regexp_full_match({text}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)') "
            f"then try_cast({text} as double) end)"
        )
    if kind == "boolean":
        trues = ", ".join(lit(x) for x in contract.BOOLEAN_TRUE)
        falses = ", ".join(lit(x) for x in contract.BOOLEAN_FALSE)
        return (
            f"(case when lower({v}) in ({trues}) then true "
            f"when lower({v}) in ({falses}) then false end)"
        )
    if kind == "enum":
        return enum_expr(v, column.enum)
    if kind == "municipality":
        return f"(select municipality from memory.municipality_names m where m.key = lower({v}))"
    if kind == "industry":
        return f"(select section from memory.industry_names i where i.key = lower({v}))"
    if kind == "cpr":
        digits = f"regexp_replace({v}, {lit(privacy.SEPARATOR_CLASS)}, '', 'g')"
        return f"(case when regexp_full_match({digits}, '[0-9]{{10}}') then {digits} end)"
    raise ValueError(kind)


def type_message(column: contract.Column) -> str:
    kind = column.type
    if kind == "date":
        return "{v} is not a date (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)"
    if kind == "integer":
        return "{v} is not a whole number"
    if kind == "number":
        return "{v} is not a number"
    if kind == "boolean":
        return "{v} is not a yes/no value (true/false, yes/no, ja/nej, 1/0)"
    if kind == "enum":
        return "{v} is not one of " + ", ".join(contract.ENUMS[column.enum])
    if kind == "municipality":
        return "{v} is not a Danish municipality (a name such as Roskilde or a code such as 265)"
    if kind == "industry":
        return "{v} is not a DB07 section (a letter A-U or its Danish name)"
    if kind == "cpr":
        return "not a CPR number of 10 digits (DDMMYY-NNNN or DDMMYYNNNN)"
    raise ValueError(kind)


SQL_TYPES = {
    "text": "varchar",
    "date": "date",
    "integer": "bigint",
    "number": "double",
    "boolean": "boolean",
    "enum": "varchar",
    "municipality": "varchar",
    "industry": "varchar",
    "cpr": "varchar",
}


def id_cpr(v: str) -> str:
    """The ten digits of a participant_id that is a CPR number and nothing else, else null."""
    return (
        f"(case when regexp_matches({v}, {lit(privacy.WHOLE_SQL)}) "
        f"then regexp_replace({v}, '[^0-9]', '', 'g') end)"
    )


# A P-number (produktionsenhed), welcome as a company_id: ten digits, so far all from 10.
P_NUMBER = "10[0-9]{8}"
