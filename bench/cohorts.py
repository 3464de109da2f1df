"""Synthetic cohorts for the benchmark: realistic rosters of any size, the same for the same seed.

Half the people are mentors (junior staff, grades 1-3) and half mentees (senior
staff, grades 5-8), unless the number of mentors is given. Everyone belongs to
a department and reports to someone one tier above them in it; each
department's most senior person reports to the CEO, who is not on the roster.
Mentors offer technology and social-values topics and want career topics;
mentees the other way round.

The first person, ``MARKER_NAME``, is the one name that sorts first, so the
roster screen (sorted by name) shows it in its first row.

``write_running_cohort`` adds a term under way: the cohort started some months
ago, the real matching confirmed its pairs on the start date, and the pairs have
held weekly sessions since, logged through the core as a coordinator would.
"""

from __future__ import annotations

import csv
import io
import random
import string
import unicodedata
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from rmtui.core.access import issue_setup_code, set_coordinator_passphrase, set_pair_passphrase
from rmtui.core.matching import MatchContext, confirm_proposal, match_setup, pairs_by_id, propose
from rmtui.core.roster import (
    CANONICAL_HEADERS,
    OPTIONAL_HEADERS,
    apply_import,
    describe_plan,
    list_participants,
    plan_import,
)
from rmtui.core.sessions import PLACES, TYPICAL_TOPICS, parse_session
from rmtui.core.store import PAIRS, SESSIONS, CohortStore

MARKER_NAME = "Aaron Abbott"
DOMAIN = "example.org"
CEO = f"ceo@{DOMAIN}"
HEADERS = CANONICAL_HEADERS + OPTIONAL_HEADERS

# No first name starts with "Aa", so nobody sorts before MARKER_NAME.
FIRST_NAMES = (
    "Abigail", "Adam", "Adebayo", "Ahmed", "Aisha", "Alice", "Amara", "Amelia", "Ana", "Andrew", "Anthony",
    "Arjun", "Ben", "Bilal", "Callum", "Carmen", "Charlotte", "Chen", "Chloe", "Claire", "Daniel", "David",
    "Deepa", "Diego", "Eilidh", "Ella", "Emily", "Ethan", "Fatima", "Fiona", "Freya", "Gareth", "George",
    "Grace", "Hannah", "Harry", "Helen", "Ibrahim", "Imogen", "Isla", "Jack", "James", "Javier", "Jessica",
    "Joanna", "José", "Kamal", "Katie", "Kwame", "Laura", "Leila", "Liam", "Lucy", "Mai", "Martin", "Mei",
    "Mohammed", "Nadia", "Nathan", "Niamh", "Nigel", "Olivia", "Omar", "Oscar", "Priya", "Rachel", "Rhys",
    "Richard", "Rosa", "Ruby", "Samuel", "Sandra", "Sarah", "Siobhan", "Sofia", "Tariq", "Thomas", "Tom",
    "Wei", "William", "Yasmin", "Zara", "Zoë",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Ahmed", "Ali", "Asante", "Ashworth", "Baker", "Barraclough", "Bell", "Brown", "Campbell",
    "Chambers", "Chen", "Clarke", "Davies", "Donovan", "Evans", "Fairbairn", "Fernandes", "Fraser", "Green",
    "Hall", "Hughes", "Hussain", "Jackson", "Jones", "Kaur", "Kelly", "Khan", "Kowalski", "Lewis",
    "Lindqvist", "Llewellyn", "Martins", "McAllister", "Mensah", "Morgan", "Murphy", "Nguyen", "Nwosu",
    "O'Connor", "Okafor", "Okonkwo", "Patel", "Pemberton-Hale", "Raman", "Reid", "Roberts", "Robinson",
    "Santos", "Scott", "Shah", "Singh", "Smith", "Taylor", "Thomas", "Walker", "Whitaker", "White",
    "Williams", "Wilson", "Wong", "Wright", "Young",
)  # fmt: skip
# (department, relative size)
DEPARTMENTS = (
    ("Operations", 6), ("Customer Service", 5), ("Technology", 4), ("Finance", 3), ("Marketing", 3),
    ("Sales", 3), ("People", 2), ("Legal", 1), ("Procurement", 1), ("Facilities", 1),
)  # fmt: skip
# Job titles by grade; "{d}" is the department.
TITLES = {
    1: ("{d} Apprentice", "Graduate Trainee"),
    2: ("{d} Assistant", "{d} Coordinator", "{d} Associate"),
    3: ("{d} Analyst", "{d} Officer", "{d} Specialist"),
    5: ("{d} Team Lead", "{d} Supervisor"),
    6: ("{d} Manager", "Senior {d} Manager"),
    7: ("Head of {d}",),
    8: ("{d} Director",),
}
MENTEE_GRADES = ((5, 4), (6, 3), (7, 2), (8, 1))  # (grade, weight): fewer people higher up
TECH_TOPICS = (
    "AI assistants", "data dashboards", "Excel automation", "TikTok", "Instagram Reels", "podcasting",
    "Notion", "Slack etiquette", "remote collaboration", "LinkedIn personal branding", "gaming culture",
    "cyber security basics", "no-code tools", "prompt writing",
)  # fmt: skip
VALUES_TOPICS = (
    "Gen Z values", "sustainability", "mental health at work", "flexible working", "inclusive language",
    "neurodiversity", "accessibility and captions", "pay transparency", "side hustles", "climate anxiety",
)  # fmt: skip
CAREER_TOPICS = (
    "stakeholder management", "presenting to the board", "budgeting", "negotiation", "career planning",
    "managing difficult conversations", "coaching", "strategy", "vendor management", "leading change",
)  # fmt: skip
FOCUSES = ("technology", "social values", "both")
FORMATS = ("in person", "remote", "either")
GENERATIONS = {"mentor": ("Gen Z", "Gen Z", "Millennial"), "mentee": ("Gen X", "Millennial", "Baby Boomer")}
UNDER_REPRESENTED = (
    "", "", "", "ethnic minority", "woman in leadership", "LGBTQ+", "disability", "neurodivergent",
    "first-generation graduate",
)  # fmt: skip


def _email_local(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(part.replace("'", "").replace(".", "").lower() for part in ascii_name.split())


def _names(people: int, rng: random.Random) -> list[str]:
    """``people`` distinct names, MARKER_NAME first; a repeated name gains a middle initial."""
    names = [MARKER_NAME]
    seen = {MARKER_NAME}
    while len(names) < people:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        if name in seen:
            name = f"{first} {rng.choice(string.ascii_uppercase)}. {last}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _emails(names: list[str]) -> list[str]:
    """A unique work email per name: first.last, numbered when two people share it."""
    used: dict[str, int] = defaultdict(int)
    emails = []
    for name in names:
        local = _email_local(name)
        used[local] += 1
        suffix = str(used[local]) if used[local] > 1 else ""
        emails.append(f"{local}{suffix}@{DOMAIN}")
    return emails


def _topics(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> str:
    return "; ".join(rng.sample(pool, rng.randint(low, high)))


def _person(name: str, email: str, role: str, rng: random.Random) -> dict[str, str]:
    """One roster row without its reporting line."""
    department = rng.choices([d for d, _ in DEPARTMENTS], weights=[w for _, w in DEPARTMENTS])[0]
    if role == "mentor":
        grade = rng.randint(1, 3)
        offers = _topics(rng, TECH_TOPICS + VALUES_TOPICS, 2, 4)
        wants = _topics(rng, CAREER_TOPICS, 1, 2)
        capacity = str(rng.choices((1, 2, 3), weights=(6, 3, 1))[0])
    else:
        grade = rng.choices([g for g, _ in MENTEE_GRADES], weights=[w for _, w in MENTEE_GRADES])[0]
        offers = _topics(rng, CAREER_TOPICS, 1, 3)
        wants = _topics(rng, TECH_TOPICS + VALUES_TOPICS, 2, 3)
        capacity = ""
    consent = rng.random() < 0.5
    return {
        "name": name,
        "email": email,
        "role": role,
        "department": department,
        "job_title": rng.choice(TITLES[grade]).format(d=department),
        "grade": str(grade),
        "reports_to": "",
        "offers": offers,
        "wants": wants,
        "focus": rng.choice(FOCUSES),
        "format": rng.choice(FORMATS),
        "capacity": capacity,
        "diversity_consent": "yes" if consent else "no",
        "generation": rng.choice(GENERATIONS[role]) if consent else "",
        "under_represented": rng.choice(UNDER_REPRESENTED) if consent else "",
    }


def _link_reporting_lines(rows: list[dict[str, str]], rng: random.Random) -> None:
    """Each person reports to someone in the next grade up in their department; the top to the CEO."""
    by_department: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_department[row["department"]][int(row["grade"])].append(row["email"])
    for row in rows:
        grades = by_department[row["department"]]
        above = sorted(g for g in grades if g > int(row["grade"]))
        row["reports_to"] = rng.choice(grades[above[0]]) if above else CEO


def _roles(people: int, mentors: int | None, rng: random.Random) -> list[str]:
    """Each person's role, shuffled: ``mentors`` mentors (half of everyone when None), the rest mentees."""
    mentors = people // 2 if mentors is None else mentors
    if not 0 <= mentors <= people:
        raise ValueError(f"cannot have {mentors} mentors among {people} people")
    roles = ["mentor"] * mentors + ["mentee"] * (people - mentors)
    rng.shuffle(roles)
    return roles


def roster_rows(people: int = 300, seed: int = 0, mentors: int | None = None) -> list[dict[str, str]]:
    """The roster as rows keyed by CSV header, ``MARKER_NAME`` first; ``mentors`` of them mentors (default half)."""
    rng = random.Random(seed)
    names = _names(people, rng)
    roles = _roles(people, mentors, rng)
    rows = [_person(name, email, role, rng) for name, email, role in zip(names, _emails(names), roles, strict=True)]
    _link_reporting_lines(rows, rng)
    return rows


def roster_csv(people: int = 300, seed: int = 0, mentors: int | None = None) -> bytes:
    """A roster CSV (UTF-8, CRLF line ends, as spreadsheets save it) of ``people`` people, ``mentors`` mentors."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=HEADERS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(roster_rows(people, seed, mentors))
    return out.getvalue().encode("utf-8")


def write_cohort(path: Path, people: int = 300, seed: int = 0, mentors: int | None = None) -> Path:
    """Create a cohort file of ``people`` people through rmtui's own import; ``path`` must not exist yet.

    ``mentors`` of them are mentors (half when None) and the rest mentees, so
    ``write_cohort(path, people=600, mentors=300)`` is a 300 × 300 cohort.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; write_cohort only creates new cohort files")
    raw = roster_csv(people, seed, mentors)
    with CohortStore.open(path) as store, store.batch():
        plan = plan_import(raw, list_participants(store))
        if plan.errors:
            raise ValueError(describe_plan(plan, "generated roster"))
        apply_import(store, plan)
        store.save_settings(replace(store.settings(), name=f"Benchmark cohort ({people} people)"))
    return path


def _session_fields(held_on: date, rng: random.Random) -> dict[str, object]:
    """What a coordinator types in for one held meeting."""
    return {
        "held_on": held_on.isoformat(),
        "minutes": rng.choice((30, 45, 60, 60, 60, 90)),
        "place": rng.choice(PLACES),
        "topics": rng.sample(TYPICAL_TOPICS, rng.randint(1, 3)),
        **{field: rng.choices((2, 3, 4, 5), weights=(1, 3, 6, 4))[0]
           for field in ("mentee_rating", "mentor_rating", "mentee_safety", "mentor_safety")},
    }  # fmt: skip


def _meeting_days(first: date, last: date, count: int, rng: random.Random) -> list[date]:
    """``count`` days spread evenly from ``first`` to ``last``, each moved by up to two days."""
    span = (last - first).days
    days = (first + timedelta(days=round(span * (n + 0.5) / count) + rng.randint(-2, 2)) for n in range(count))
    return sorted(min(last, max(first, day)) for day in days)


def write_running_cohort(
    path: Path, people: int = 300, sessions: int = 3000, seed: int = 0, months: int = 5, today: date | None = None
) -> Path:
    """A cohort that started ``months`` months before ``today``: pairs matched and confirmed then, ``sessions`` since.

    The roster is ``write_cohort``'s; the pairs are what ``propose`` finds, confirmed
    on the start date; the held sessions are shared out over the pairs, each pair's
    spread from its confirmation to yesterday, and saved in one write.
    """
    today = today or date.today()
    start = today - timedelta(days=round(months * 30.44))
    write_cohort(path, people, seed)
    clock = [start]
    rng = random.Random(seed)
    with CohortStore.open(path, today=lambda: clock[0]) as store:
        store.save_settings(replace(store.settings(), start_date=start, cadence="weekly"))
        confirm_proposal(store, propose(MatchContext(match_setup(store))))
        clock[0] = today
        pair_ids = [doc.doc_id for doc in store.table(PAIRS).all()]
        pairs = pairs_by_id(store)
        logged = []
        for index, pair_id in enumerate(pair_ids):
            count = sessions // len(pair_ids) + (index < sessions % len(pair_ids))
            for day in _meeting_days(start, today - timedelta(days=1), count, rng):
                # Validated as log_session validates (no goal sheets yet), then saved with the rest in one insert:
                # one log_session per session re-reads the table each time, which at 30,000 takes many minutes.
                logged.append(parse_session(
                    _session_fields(day, rng), pair_id=pair_id, today=today, confirmed_on=pairs[pair_id].confirmed_on,
                    ended_on=None, goal_ids=set(), topics=TYPICAL_TOPICS, logged_by="coordinator",
                ).to_doc())  # fmt: skip
        store.table(SESSIONS).insert_multiple(logged)
    return path


COORDINATOR_PASSPHRASE = "gravel piano orbits 1962 quietly"
PAIR_PASSPHRASE = "violet trams cross quiet meadows at dusk"


def set_passphrases(path: Path) -> int:
    """Give the cohort a coordinator passphrase (pair mode needs one) and its first active pair a passphrase.

    Returns that pair's id: it is the first row of pair mode's pair list.
    """
    with CohortStore.open(path) as store:
        set_coordinator_passphrase(store, COORDINATOR_PASSPHRASE)
        pair_id = min(pairs_by_id(store, active_only=True))
        set_pair_passphrase(store, pair_id, PAIR_PASSPHRASE, setup_code=issue_setup_code(store, pair_id))
    return pair_id
