"""Checks across an export's files: each young person's id (a CPR number becomes its keyed
pseudonym), duplicate records, references to young people and companies, and the warnings
that need more than one file."""

from __future__ import annotations

import pyarrow as pa

from nextwork.ingest import privacy
from nextwork.ingest.contract import TABLES
from nextwork.ingest.importer.messages import FROM_CPR, SAME_CPR, echo
from nextwork.ingest.importer.validation import RowChecker
from nextwork.ingest.importer.value_sql import id_cpr


class ExportChecker(RowChecker):
    """An export read and checked row by row (`RowChecker`), then across its files."""

    def pseudonymise(self) -> None:
        """Give every row its young person's id: the keyed hash of its CPR number, from the
        `cpr` column or from a `participant_id` that is a CPR number, else its
        participant_id. `person_from` says where a hashed id came from (for messages)."""
        tables = [
            n for n in self.files if n not in self.unreadable and TABLES[n].person is not None
        ]
        with_cpr = [n for n in tables if "cpr" in self.files[n].columns]
        cprs: set[str] = set()
        ids_as_cpr = []  # the tables with a participant_id that is a CPR number
        for n in tables:
            found = {
                r[0]
                for r in self.con.execute(
                    f"select distinct v from (select {id_cpr('participant_id')} as v "
                    f"from typed_{n}) where v is not null"
                ).fetchall()
            }
            if found:
                ids_as_cpr.append(n)
                cprs |= found
            if n in with_cpr:
                cprs.update(
                    r[0]
                    for r in self.con.execute(
                        f"select distinct cpr from typed_{n} where cpr is not null"
                    ).fetchall()
                )
        keyed = bool(with_cpr or cprs)
        if keyed:
            key = privacy.load_or_create_key(self.key_file)
            ordered = sorted(cprs)
            self.con.register(
                "p_arrow",
                pa.table(
                    {"cpr": ordered, "person_id": [privacy.pseudonym(key, c) for c in ordered]}
                ),
            )
            self.con.execute("create temp table pseudonyms as select * from p_arrow")
            self.con.unregister("p_arrow")
            del cprs, ordered
        for n in (n for n in self.files if n not in self.unreadable):
            parsed = ", ".join(f"t.{c.name}" for c in TABLES[n].columns if c.name != "cpr")
            if n in tables:
                by_cpr = "p.person_id" if n in with_cpr else "null::varchar"
                by_id = "q.person_id" if n in ids_as_cpr else "null::varchar"
                joins = ""
                if n in with_cpr:
                    joins += " left join pseudonyms p on p.cpr = t.cpr"
                if n in ids_as_cpr:
                    joins += f" left join pseudonyms q on q.cpr = {id_cpr('t.participant_id')}"
                person = (
                    f"coalesce({by_cpr}, {by_id}, t.participant_id) as person_id, "
                    f"case when {by_cpr} is not null then 'cpr' "
                    f"when {by_id} is not null then 'participant_id' end as person_from "
                    f"from typed_{n} t{joins}"
                )
            else:
                person = f"from typed_{n} t"
            separator = ", " if not person.startswith("from") else " "
            self.con.execute(
                f"create temp table keyed_{n} as select t._row, {parsed}{separator}{person}"
            )
            self.con.execute(f"drop view typed_{n}; drop table raw_{n}")
        if keyed:
            self.con.execute("drop table pseudonyms")

    def _ready(self, *names: str) -> bool:
        return all(n in self.files and n not in self.unreadable for n in names)

    def cross_checks(self) -> None:
        duplicates = [
            ("participants", "person_id", "participant_id", "person_from"),
            ("companies", "company_id", "company_id", "null"),
            ("placements", "placement_id", "placement_id", "null"),
        ]
        for name, key, shown, from_cpr in duplicates:
            if not self._ready(name):
                continue
            rows = self.problem_rows(
                f"select _row, {key}, first_row, {from_cpr} from (select *, "
                f"min(_row) over (partition by {key}) as first_row from keyed_{name} "
                f"where {key} is not null) where _row > first_row",
                "_row",
            )
            for row, value, first, source in rows:
                what = SAME_CPR.get(source, f"{shown} {echo(value)}")
                self.error(
                    self.files[name].name,
                    row,
                    source or shown,
                    f"duplicate {what} (first on row {first})",
                )
        person_refs = [n for n in ("placements", "activities", "outcomes") if self._ready(n)]
        if self._ready("participants"):
            for n in person_refs:
                self._reference(
                    n,
                    "person_id",
                    "participant_id",
                    "keyed_participants",
                    "person_id",
                    "is not in participants",
                )
        if self._ready("companies"):
            for n in ("placements", "activities", "outcomes"):
                if self._ready(n):
                    self._reference(
                        n,
                        "company_id",
                        "company_id",
                        "keyed_companies",
                        "company_id",
                        "is not in companies",
                    )
        if self._ready("participants", "companies", "activities"):
            # An activity whose municipality is not Danish at all is reported already.
            rows = self.problem_rows(
                "select _row, municipality from keyed_activities a "
                "where municipality is not null and not exists "
                "(select 1 from keyed_participants p where p.municipality = a.municipality) "
                "and not exists (select 1 from keyed_companies c "
                "where c.municipality = a.municipality)",
                "_row",
            )
            for row, municipality in rows:
                self.error(
                    self.files["activities"].name,
                    row,
                    "municipality",
                    f"{echo(municipality)} has no participants or companies in this "
                    "export, so the activity belongs to no municipality's data",
                )

    def _reference(self, name, key, shown, target, target_key, message) -> None:
        from_cpr = "person_from" if key == "person_id" else "null"
        rows = self.problem_rows(
            f"select _row, {key}, {from_cpr} from keyed_{name} t where {key} is not null "
            f"and not exists (select 1 from {target} r where r.{target_key} = t.{key})",
            "_row",
        )
        for row, value, source in rows:
            what = FROM_CPR.get(source, f"{shown} {echo(value)}")
            self.error(self.files[name].name, row, source or shown, f"{what} {message}")

    def warnings_after_checks(self) -> None:
        if self._ready("participants", "companies", "placements"):
            for (row,) in self.problem_rows(
                "select pl._row from keyed_placements pl "
                "join keyed_participants p on p.person_id = pl.person_id "
                "join keyed_companies c on c.company_id = pl.company_id "
                "where c.municipality <> p.municipality",
                "_row",
                "warning",
            ):
                self.warn(
                    self.files["placements"].name,
                    row,
                    "company_id",
                    "the company is in another municipality's network than the young person's",
                )
        for n in ("placements", "outcomes"):
            if self._ready("participants", n):
                for (row,) in self.problem_rows(
                    f"select t._row from keyed_{n} t "
                    f"join keyed_participants p on p.person_id = t.person_id "
                    f"where t.ended_on is null and p.exited_on is not null",
                    "_row",
                    "warning",
                ):
                    self.warn(
                        self.files[n].name,
                        row,
                        "ended_on",
                        "ongoing, but the young person has exited NExTWORK",
                    )

    # -- writing

    def municipalities(self) -> list[str]:
        rows = self.con.execute(
            "select municipality from keyed_participants union "
            "select municipality from keyed_companies order by 1"
        ).fetchall()
        return [r[0] for r in rows]
