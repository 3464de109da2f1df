"""How much of what mentees asked to learn the pairs cover, judged by meaning, on a sign-up-style roster.

    python bench/topics_coverage.py            # 40 mentors x 40 mentees, seeds 1-5
    python bench/topics_coverage.py --seeds 1

Skills are typed the way people answer a sign-up form ("IG, pay transparency, AI tools and accessibility",
"Tik Tok / tiktok videos", "MS Excel", "Instgram", "hybrid working"). The generator knows what each typed
variant means, so coverage is counted by meaning: for every proposed pair, the mentee's wants whose meaning
the mentor offers. Three figures per seed:

- before: `rmtui match` on the roster as typed (topics compared after case and spacing only);
- after: `rmtui topics --accept-suggestions`, then `rmtui match`;
- best possible: the most wants any one-to-one matching covers, solved on the true meanings.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import numpy as np

from rmtui.core.matching import match_context, propose
from rmtui.core.roster import Participant, add_participant, list_participants
from rmtui.core.store import CohortStore
from rmtui.core.topics import accept_suggestions, topic_key

PEOPLE_PER_SIDE = 40
# Each meaning and the ways people type it; some variants no rule can recognise, as in real answers.
MEANINGS: dict[str, tuple[str, ...]] = {
    "instagram": ("Instagram", "IG", "Instgram", "Instagram reels", "insta"),
    "tiktok": ("TikTok", "Tik Tok", "tiktok videos", "TikTok trends"),
    "ai": ("AI tools", "ChatGPT", "AI assistants", "generative AI", "Copilot"),
    "excel": ("Excel", "MS Excel", "spreadsheets", "Excel formulas"),
    "flexible": ("hybrid working", "flexible working", "WFH", "working from home"),
    "pay": ("pay transparency", "salary transparency", "open pay"),
    "accessibility": ("accessibility", "digital accessibility", "Accesibility", "a11y"),
    "inclusion": ("D&I", "inclusion", "DEI"),
    "linkedin": ("LinkedIn", "Linkdin", "Linked In"),
    "podcasts": ("podcasts", "Podcast", "podcasting"),
    "sustainability": ("sustainability", "Sustainabilty", "net zero"),
    "genz": ("Gen Z values", "gen-z values", "what Gen Z wants"),
    "dataviz": ("data visualisation", "data visualization", "dataviz"),
    "canva": ("Canva", "Canva designs"),
    "wellbeing": ("wellbeing", "wellness", "mental wellbeing"),
}
MEANING_OF = {topic_key(variant): meaning for meaning, variants in MEANINGS.items() for variant in variants}
SEPARATORS = (", ", "; ", " / ", " | ")


def answer(rng: random.Random, meanings: list[str]) -> str:
    """One free-text answer as a person types it: some joined with a final ' and '."""
    words = [rng.choice(MEANINGS[m]) for m in meanings]
    if len(words) > 2 and rng.random() < 0.5:
        return ", ".join(words[:-1]) + " and " + words[-1]
    return rng.choice(SEPARATORS).join(words)


def sign_up_roster(seed: int) -> list[dict[str, object]]:
    """40 mentors and 40 mentees; mentors offer 2-4 meanings, mentees want 2-4, skewed as real interests are."""
    rng = random.Random(seed)
    names = list(MEANINGS)
    popularity = [len(names) - i for i in range(len(names))]
    people: list[dict[str, object]] = []
    for role, grade in (("mentor", 1), ("mentee", 6)):
        for n in range(PEOPLE_PER_SIDE):
            count = rng.randint(2, 4)
            chosen: list[str] = []
            while len(chosen) < count:
                meaning = rng.choices(names, weights=popularity)[0]
                if meaning not in chosen:
                    chosen.append(meaning)
            field = "offers" if role == "mentor" else "wants"
            people.append(
                {
                    "name": f"{role} {n}",
                    "email": f"{role}{n}@example.org",
                    "role": role,
                    "grade": grade,
                    field: answer(rng, chosen),
                }
            )
    return people


def meanings(topics: tuple[str, ...]) -> set[str]:
    """What a person's typed topics mean."""
    return {MEANING_OF[topic_key(t)] for t in topics}


def covered_share(people: dict[str, Participant], pairs: list[tuple[str, str]]) -> float:
    """The share of mentees' wants (by meaning) that their proposed mentor offers."""
    wanted = sum(len(meanings(p.wants)) for p in people.values() if p.role == "mentee")
    covered = sum(len(meanings(people[mentee].wants) & meanings(people[mentor].offers)) for mentor, mentee in pairs)
    return covered / wanted


def best_share(people: dict[str, Participant]) -> float:
    """The most any one-to-one matching could cover, solved exactly on the true meanings."""
    import lap

    mentors = [p for p in people.values() if p.role == "mentor"]
    mentees = [p for p in people.values() if p.role == "mentee"]
    gain = np.array([[len(meanings(e.wants) & meanings(m.offers)) for m in mentors] for e in mentees], dtype=float)
    _, columns, _ = lap.lapjv(-gain, extend_cost=True)
    pairs = [(mentors[c].email, mentees[r].email) for r, c in enumerate(columns) if c >= 0]
    return covered_share(people, pairs)


def measure(seed: int, folder: Path) -> tuple[float, float, float, int, int]:
    """(before, after accepting suggestions, best possible, merges taken, merged topics mixing meanings)."""
    with CohortStore.open(folder / f"signup-{seed}.json") as store:
        for person in sign_up_roster(seed):
            add_participant(store, person)
        people = {p.email: p for p in list_participants(store)}

        def shared() -> float:
            proposal = propose(match_context(store))
            return covered_share(people, [(p.mentor, p.mentee) for p in proposal.pairs])

        before = shared()
        taken, change = accept_suggestions(store)
        after = shared()
    census = change.after.census
    mixed = sum(
        len({MEANING_OF[topic_key(v)] for v in (t.topic, *t.variants) if topic_key(v) in MEANING_OF}) > 1
        for t in census
    )
    return before, after, best_share(people), len(taken), mixed


def main() -> None:
    """Print the three figures for each seed and their mean."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="How many rosters (seeds 1..N).")
    seeds = range(1, parser.parse_args().seeds + 1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="rmtui-topics-") as folder:
        for seed in seeds:
            rows.append(measure(seed, Path(folder)))
    print(f"Wants covered by meaning, {PEOPLE_PER_SIDE} mentors x {PEOPLE_PER_SIDE} mentees, sign-up-style answers")
    print(f"{'seed':>4}  {'before':>7}  {'after':>7}  {'best':>7}  merges taken  wrong merges")
    for seed, (before, after, best, taken, mixed) in zip(seeds, rows, strict=True):
        print(f"{seed:>4}  {before:>7.0%}  {after:>7.0%}  {best:>7.0%}  {taken:>12}  {mixed:>12}")
    mean = [sum(r[i] for r in rows) / len(rows) for i in range(3)]
    print(f"{'mean':>4}  {mean[0]:>7.0%}  {mean[1]:>7.0%}  {mean[2]:>7.0%}")


if __name__ == "__main__":
    main()
