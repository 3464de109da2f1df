"""The roster: participants and their validation, the roster's records, and reading and writing it as a spreadsheet (CSV in the encodings spreadsheets write, an Excel workbook, or JSON), with imports checked line by line.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.roster.importing import ImportPlan as ImportPlan
    from rmtui.core.roster.importing import apply_import as apply_import
    from rmtui.core.roster.importing import describe_outcome as describe_outcome
    from rmtui.core.roster.importing import describe_plan as describe_plan
    from rmtui.core.roster.importing import plan_import as plan_import
    from rmtui.core.roster.importing import remembered_columns as remembered_columns
    from rmtui.core.roster.mapping import CANONICAL_HEADERS as CANONICAL_HEADERS
    from rmtui.core.roster.mapping import EXPORT_HEADERS as EXPORT_HEADERS
    from rmtui.core.roster.mapping import OPTIONAL_HEADERS as OPTIONAL_HEADERS
    from rmtui.core.roster.mapping import ColumnProposal as ColumnProposal
    from rmtui.core.roster.mapping import parse_overrides as parse_overrides
    from rmtui.core.roster.participants import FOCUSES as FOCUSES
    from rmtui.core.roster.participants import FORMATS as FORMATS
    from rmtui.core.roster.participants import ROLES as ROLES
    from rmtui.core.roster.participants import Participant as Participant
    from rmtui.core.roster.participants import form_fields as form_fields
    from rmtui.core.roster.participants import normalise_email as normalise_email
    from rmtui.core.roster.participants import parse_participant as parse_participant
    from rmtui.core.roster.participants import split_list as split_list
    from rmtui.core.roster.records import add_participant as add_participant
    from rmtui.core.roster.records import get_participant as get_participant
    from rmtui.core.roster.records import list_participants as list_participants
    from rmtui.core.roster.records import update_participant as update_participant
    from rmtui.core.roster.spreadsheet import neutralise as neutralise
    from rmtui.core.roster.spreadsheet import read_roster_rows as read_roster_rows
    from rmtui.core.roster.spreadsheet import roster_cells as roster_cells
    from rmtui.core.roster.spreadsheet import roster_to_csv as roster_to_csv
    from rmtui.core.roster.spreadsheet import roster_to_json as roster_to_json
    from rmtui.core.roster.workbook import rows_to_xlsx as rows_to_xlsx

_HOMES = {
    "importing": (
        "ImportPlan",
        "apply_import",
        "describe_outcome",
        "describe_plan",
        "plan_import",
        "remembered_columns",
    ),
    "participants": (
        "FOCUSES",
        "FORMATS",
        "Participant",
        "ROLES",
        "form_fields",
        "normalise_email",
        "parse_participant",
        "split_list",
    ),
    "workbook": ("rows_to_xlsx",),
    "records": ("add_participant", "get_participant", "list_participants", "update_participant"),
    "mapping": ("CANONICAL_HEADERS", "EXPORT_HEADERS", "OPTIONAL_HEADERS", "ColumnProposal", "parse_overrides"),
    "spreadsheet": (
        "neutralise",
        "read_roster_rows",
        "roster_cells",
        "roster_to_csv",
        "roster_to_json",
    ),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
