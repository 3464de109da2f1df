"""The words of the built-in templates: section prompts and starters, suggested goals, topics and guidance.

Plain data, kept apart from the logic in templates.py, which builds the three built-in
templates (version 1 of each) from it.
"""

from __future__ import annotations

MENTEE_GUIDANCE = (
    "Take the lead: book the meetings yourself.",
    "Agree the topics for each meeting beforehand.",
    "Welcome challenge and views that differ from your own.",
    "Step outside what feels comfortable.",
    "Put what you learn into practice between meetings.",
    "Be honest, and keep what you hear in confidence.",
    "Make sure your mentor never feels they said the wrong thing to the boss.",
)
MENTOR_GUIDANCE = (
    "Ask questions that help your mentee reflect.",
    "Bring scenarios from your own work and experience.",
    "Be a sounding board, and question assumptions plainly but kindly.",
    "Help your mentee reach their own decisions rather than handing them answers.",
    "Be honest, even when it feels awkward.",
)
# The question each section puts to the pair, by section key.
PROMPTS = {
    "purpose": "In a sentence or two: what is this relationship for, and what would make it worth your time?",
    "mentee_aims": (
        "What the mentee, the senior partner, wants to learn or change. Give each aim a way to tell it was reached."
    ),
    "mentor_aims": (
        "What the mentor, the junior partner, wants to gain: leadership practice, confidence, access to senior "
        "people and decisions. Give each aim a way to tell it was reached."
    ),
    "meetings": (
        "Fix a regular slot, so meetings survive busy weeks. Once a month, away from the office, suits most pairs."
    ),
    "confidentiality": "What stays between you. Both of you accept it before the sheet can be agreed.",
    "sensitivities": (
        "Each of you names assumptions, blind spots or subjects that need care: age, seniority, background or "
        "anything else. Only the two of you can read this."
    ),
    "disagreements": (
        "How you will raise and settle a disagreement, and what you will do if the pairing is not working. "
        "Only the two of you can read this."
    ),
    "term": (
        "The relationship runs for the cohort's term (six months unless the coordinator chose otherwise), then you "
        "stand back and evaluate it together. Check in about a month in, half-way and near the end."
    ),
}
# Text a pair may start from; the purpose's starter differs by template.
STARTERS = {
    "confidentiality": (
        "What either of us says in our meetings stays between us. We do not repeat it to colleagues or managers, "
        "and nothing said here is used in appraisals or decisions about the mentor. We share something outside "
        "the pair only if we both agree, or if someone's safety is at risk. The coordinator sees our progress "
        "and dates, not what we discuss."
    ),
    "sensitivities": "The mentee acknowledges:\nThe mentor acknowledges:",
    "disagreements": (
        "We say so at the time, calmly, and assume good intent. Because disagreeing with someone senior is hard, "
        "the mentee asks for the mentor's view before giving their own. If we cannot settle something, we pause "
        "and come back to it at the next meeting. If the pairing is not working for either of us, we tell the "
        "coordinator, without having to give details."
    ),
}

# Each built-in: id, name, focus, description, the purpose's starter, topics, and suggested goals
# as (owner, title, success measure).
# fmt: off
BUILT_IN_TEXTS = (
    (
        "technology", "Technology focus", "technology",
        "For pairs where the mentor shows the mentee the tools, media and habits of colleagues who grew up online.",
        (
            "To help the mentee understand and use the technology our colleagues and customers rely on, and to give "
            "the mentor practice in explaining, leading and being heard at a senior level."
        ),
        (
            "Technology in use: the apps and tools colleagues rely on day to day",
            "How younger colleagues search, learn and share",
            "Social media, and how the organisation comes across online",
            "Communication styles: chat, video or email, and when each fits",
            "What different generations expect of tools at work",
            "Leading a change that people resist",
        ),
        (
            ("mentee", "Work in the team's chat tool instead of email for a month",
             "Posts in the team channel each week; the team says replies come faster"),
            ("mentee", "See how customers find us online",
             "Can walk the mentor through three customer journeys, from search to contact"),
            ("mentee", "Adopt one new tool in my own work", "Used in four weeks out of six, and explained to a peer"),
            ("mentor", "Present a technology idea to senior colleagues",
             "Idea presented; confidence rated before and after"),
            ("mentor", "Learn how decisions on technology spending are made",
             "Can describe the steps and who takes part"),
        ),
    ),
    (
        "social-values", "Social values and inclusion focus", "social values",
        (
            "For pairs exploring what matters to younger and under-represented colleagues, and how the organisation "
            "looks from below."
        ),
        (
            "To help the mentee see the organisation through the eyes of colleagues whose experience differs from "
            "theirs and act on what they learn, and to give the mentor a voice that is heard at a senior level."
        ),
        (
            "Values and expectations of different generations: flexible work, sustainability, pay, fairness",
            "Cultural knowledge: how well the mentee knows their own teams",
            "Who is heard in meetings, and who is not",
            "Accessibility, such as captions on internal videos",
            "Subjects that cannot easily be raised anywhere else",
            "Communication styles across age, background and seniority",
        ),
        (
            ("mentee", "Learn what would make younger colleagues stay",
             "Three reasons heard first-hand, and one change made in response"),
            ("mentee", "Make my team's meetings more inclusive", "A short team poll shows more people feel heard"),
            ("mentee", "Check one internal message for accessibility", "Gaps found and raised with its owner"),
            ("mentor", "Speak up with confidence in a senior setting",
             "One point raised in a senior meeting; confidence rated before and after"),
            ("mentor", "Widen my network beyond my own team", "Met two senior colleagues the mentee introduced"),
        ),
    ),
    (
        "leadership-culture", "General: leadership and culture", "both",
        "For pairs with a broad brief: communication, culture and leadership, learned in both directions.",
        (
            "To learn from each other across levels: the mentee about how the organisation works and feels further "
            "down, the mentor about leadership, and both about talking across generations."
        ),
        (
            "Communication styles",
            "Cultural knowledge: how well the mentee knows their teams",
            "Leadership in uncomfortable situations",
            "Subjects that cannot be raised elsewhere",
            "Technology in use",
            "Values and expectations of different generations",
        ),
        (
            ("mentee", "Hear honestly how my leadership comes across",
             "Feedback asked for at three meetings; one point acted on"),
            ("mentee", "Understand my teams' working week",
             "Can describe a junior colleague's typical week, and one frustration removed"),
            ("mentor", "Handle difficult conversations with confidence",
             "One real conversation rehearsed with the mentee, then held"),
            ("mentor", "Learn how senior leaders make decisions",
             "Heard the reasoning behind one senior decision first-hand"),
        ),
    ),
)
# fmt: on
