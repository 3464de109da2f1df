"""Meeting and checking in: each pair's session log (with private notes sealed by the pair's key), its booked meetings as a calendar, and each person's check-ins at set points of the term.

Every name below is imported from its module on first use, so importing one module of the package
loads none of the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rmtui.core.exports import lazy_exports

if TYPE_CHECKING:
    from rmtui.core.sessions.calendar import Booking as Booking
    from rmtui.core.sessions.calendar import booked_meetings as booked_meetings
    from rmtui.core.sessions.calendar import calendar_ics as calendar_ics
    from rmtui.core.sessions.checkins import AGAIN as AGAIN
    from rmtui.core.sessions.checkins import DEFAULT_CHECKPOINTS as DEFAULT_CHECKPOINTS
    from rmtui.core.sessions.checkins import FITS as FITS
    from rmtui.core.sessions.checkins import Answered as Answered
    from rmtui.core.sessions.checkins import CheckIn as CheckIn
    from rmtui.core.sessions.checkins import Void as Void
    from rmtui.core.sessions.checkins import answered_check_ins as answered_check_ins
    from rmtui.core.sessions.checkins import check_in_schedule as check_in_schedule
    from rmtui.core.sessions.checkins import checkpoint_date as checkpoint_date
    from rmtui.core.sessions.checkins import list_check_ins as list_check_ins
    from rmtui.core.sessions.checkins import list_voided_check_ins as list_voided_check_ins
    from rmtui.core.sessions.checkins import load_checkpoints as load_checkpoints
    from rmtui.core.sessions.checkins import parse_check_in as parse_check_in
    from rmtui.core.sessions.checkins import parse_checkpoints as parse_checkpoints
    from rmtui.core.sessions.checkins import record_check_in as record_check_in
    from rmtui.core.sessions.checkins import save_checkpoints as save_checkpoints
    from rmtui.core.sessions.checkins import void_check_in as void_check_in
    from rmtui.core.sessions.log import EXPORT_HEADERS as EXPORT_HEADERS
    from rmtui.core.sessions.log import HELD as HELD
    from rmtui.core.sessions.log import MISSED as MISSED
    from rmtui.core.sessions.log import PLACES as PLACES
    from rmtui.core.sessions.log import SESSION_STATUSES as SESSION_STATUSES
    from rmtui.core.sessions.log import TYPICAL_TOPICS as TYPICAL_TOPICS
    from rmtui.core.sessions.log import Session as Session
    from rmtui.core.sessions.log import export_rows as export_rows
    from rmtui.core.sessions.log import get_session as get_session
    from rmtui.core.sessions.log import list_sessions as list_sessions
    from rmtui.core.sessions.log import log_session as log_session
    from rmtui.core.sessions.log import pair_sessions as pair_sessions
    from rmtui.core.sessions.log import parse_session as parse_session
    from rmtui.core.sessions.log import place_of as place_of
    from rmtui.core.sessions.log import read_session_notes as read_session_notes
    from rmtui.core.sessions.log import remove_session as remove_session
    from rmtui.core.sessions.log import save_session_notes as save_session_notes
    from rmtui.core.sessions.log import session_defaults as session_defaults
    from rmtui.core.sessions.log import sessions_to_csv as sessions_to_csv
    from rmtui.core.sessions.log import sessions_to_json as sessions_to_json
    from rmtui.core.sessions.log import topic_list as topic_list
    from rmtui.core.sessions.meetings import Logged as Logged
    from rmtui.core.sessions.meetings import Meeting as Meeting
    from rmtui.core.sessions.meetings import list_meetings as list_meetings

_HOMES = {
    "calendar": ("Booking", "booked_meetings", "calendar_ics"),
    "checkins": (
        "AGAIN",
        "Answered",
        "CheckIn",
        "DEFAULT_CHECKPOINTS",
        "FITS",
        "Void",
        "answered_check_ins",
        "check_in_schedule",
        "checkpoint_date",
        "list_check_ins",
        "list_voided_check_ins",
        "load_checkpoints",
        "parse_check_in",
        "parse_checkpoints",
        "record_check_in",
        "save_checkpoints",
        "void_check_in",
    ),
    "log": (
        "EXPORT_HEADERS",
        "HELD",
        "MISSED",
        "PLACES",
        "SESSION_STATUSES",
        "Session",
        "TYPICAL_TOPICS",
        "export_rows",
        "get_session",
        "list_sessions",
        "log_session",
        "pair_sessions",
        "parse_session",
        "place_of",
        "read_session_notes",
        "remove_session",
        "save_session_notes",
        "session_defaults",
        "sessions_to_csv",
        "sessions_to_json",
        "topic_list",
    ),
    "meetings": ("Logged", "Meeting", "list_meetings"),
}
__all__, __getattr__ = lazy_exports(__name__, _HOMES)
