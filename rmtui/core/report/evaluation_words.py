"""How the evaluation sorts free text into groups: goal areas from goal titles, themes from answers.

The rules are plain keyword lists, so anyone can read why a goal or an answer landed where it
did. A goal belongs to the first area whose keywords its title contains (else "other"); an
answer to "what do you now do differently" counts towards every theme whose keywords it
contains; a pair's typed end reason falls in the first category whose keywords it
contains. Keywords are matched as word beginnings, ignoring case ("tool" matches "tools").
"""

from __future__ import annotations

import re

# The mentee's and the mentor's goal areas, first match wins.
GOAL_AREAS = {
    "mentee": (
        (
            "digital skills",
            ("tool", "chat", "app", "online", "digital", "technolog", "software", "social media", "data"),
        ),
        ("inclusion and values", ("inclusi", "accessib", "younger", "generation", "values", "stay", "heard")),
        ("knowing their teams", ("team", "working week", "frontline")),
        ("leadership", ("lead", "feedback", "decision", "manag")),
    ),
    "mentor": (
        ("confidence", ("confiden", "speak", "present", "difficult", "voice")),
        ("business knowledge", ("spending", "strategy", "budget", "business", "financ")),
        ("leadership", ("lead", "decision", "influence", "manag")),
        ("network and visibility", ("network", "senior colleague", "visib", "introduc")),
    ),
}
OTHER = "other"

# Themes in "what I now do differently"; an answer may show several.
BEHAVIOUR_THEMES = (
    ("uses new tools and channels", ("tool", "chat", "app", "channel", "online", "digital", "video", "software")),
    ("asks for and acts on feedback", ("feedback", "ask for", "listen", "their view", "views", "opinion")),
    ("speaks up with confidence", ("speak", "confiden", "present", "voice", "challenge")),
    ("includes more people", ("inclusi", "caption", "accessib", "everyone", "quieter", "newest")),
    ("understands other generations", ("generation", "younger", "older", "values", "flexib")),
)


def _matches(text: str, keywords: tuple[str, ...]) -> bool:
    return any(re.search(r"\b" + re.escape(keyword), text) for keyword in keywords)


def goal_area(owner: str, title: str) -> str:
    """The area a goal's title belongs to, by the first matching keyword list; 'other' when none."""
    text = title.lower()
    return next((area for area, keywords in GOAL_AREAS.get(owner, ()) if _matches(text, keywords)), OTHER)


def behaviour_themes(answer: str) -> list[str]:
    """Every theme an answer to 'what do you now do differently' shows."""
    text = answer.lower()
    return [theme for theme, keywords in BEHAVIOUR_THEMES if _matches(text, keywords)]


def short_quote(answer: str, limit: int = 140) -> str:
    """An answer cut at a word to at most ``limit`` characters, on one line."""
    text = " ".join(answer.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


# Why pairs ended, as categories: a typed reason is about one pair, so the report never prints it.
LEFT_ORGANISATION = "a partner left the organisation"
END_REASONS = (
    (LEFT_ORGANISATION, ("left", "leaving", "resign", "new job", "retire")),
    ("the match did not work", ("not working", "chemistry", "clash", "fit", "match", "personal")),
    ("time and workload", ("time", "busy", "workload", "diary", "calendar", "capacity")),
)
OTHER_REASONS = "other reasons"


def end_reason_category(reason: str, partner_left: bool) -> str:
    """The category a pair's ending falls in: a partner who left the organisation decides it, else the keywords."""
    if partner_left:
        return LEFT_ORGANISATION
    text = reason.lower()
    return next((name for name, keywords in END_REASONS if _matches(text, keywords)), OTHER_REASONS)
