"""How much of what mentees asked to learn the pairs cover, judged by meaning, on a sign-up-style roster.

    python bench/topics_coverage.py            # 40 mentors x 40 mentees, seeds 1-5
    python bench/topics_coverage.py --seeds 1

Skills are typed the way people answer a sign-up form ("IG, pay transparency, AI tools and accessibility",
"Tik Tok / tiktok videos", "MS Excel", "Instgram", "hybrid working"). The generator knows what each typed
variant means, so coverage is counted by meaning: for every proposed pair, the mentee's wants whose meaning
the mentor offers. Four figures per seed:

- old split: matching as it was before lists were split as people type them (on ';' or '|', else ',');
- before: `rmtui match` on the roster as typed (topics compared after case and spacing only);
- after: `rmtui topics --accept-suggestions`, then `rmtui match`;
- best possible: the most wants any one-to-one matching covers, solved on the true meanings.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from rmtui.core.matching import MatchSetup, Proposal, match_context, propose
from rmtui.core.roster import add_participant, list_participants
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


def sign_up_roster(seed: int) -> tuple[list[dict[str, object]], dict[str, set[str]]]:
    """40 mentors offering 2-4 meanings and 40 mentees wanting 2-4, skewed as real interests are; and the truth.

    The truth is each person's meanings by email, as the generator chose them: coverage is judged on it alone.
    """
    rng = random.Random(seed)
    names = list(MEANINGS)
    popularity = [len(names) - i for i in range(len(names))]
    people: list[dict[str, object]] = []
    truth: dict[str, set[str]] = {}
    for role, grade in (("mentor", 1), ("mentee", 6)):
        for n in range(PEOPLE_PER_SIDE):
            count = rng.randint(2, 4)
            chosen: list[str] = []
            while len(chosen) < count:
                meaning = rng.choices(names, weights=popularity)[0]
                if meaning not in chosen:
                    chosen.append(meaning)
            email = f"{role}{n}@example.org"
            field = "offers" if role == "mentor" else "wants"
            people.append(
                {"name": f"{role} {n}", "email": email, "role": role, "grade": grade, field: answer(rng, chosen)}
            )
            truth[email] = set(chosen)
    return people, truth


def old_split(cell: str) -> tuple[str, ...]:
    """How lists were split before this change: on ';' or '|', or on ',' only when neither appears."""
    separator = ";" if ";" in cell else "|" if "|" in cell else ","
    return tuple(dict.fromkeys(" ".join(piece.split()) for piece in cell.split(separator) if piece.strip()))


def covered_share(truth: dict[str, set[str]], pairs: list[tuple[str, str]]) -> float:
    """The share of mentees' wants (by true meaning) that their proposed mentor offers."""
    wanted = sum(len(meanings) for email, meanings in truth.items() if email.startswith("mentee"))
    return sum(len(truth[mentee] & truth[mentor]) for mentor, mentee in pairs) / wanted


def best_share(truth: dict[str, set[str]]) -> float:
    """The most any one-to-one matching could cover, solved exactly on the true meanings."""
    import lap

    mentors = [email for email in truth if email.startswith("mentor")]
    mentees = [email for email in truth if email.startswith("mentee")]
    gain = np.array([[len(truth[e] & truth[m]) for m in mentors] for e in mentees], dtype=float)
    _, columns, _ = lap.lapjv(-gain, extend_cost=True)
    return covered_share(truth, [(mentors[c], mentees[r]) for r, c in enumerate(columns) if c >= 0])


def pairs_of(proposal: Proposal) -> list[tuple[str, str]]:
    """(mentor, mentee) of every proposed pair."""
    return [(pair.mentor, pair.mentee) for pair in proposal.pairs]


def measure(seed: int, folder: Path) -> tuple[float, float, float, float, int, int]:
    """(old splitting, before, after accepting suggestions, best possible, merges taken, merges mixing meanings)."""
    answers, truth = sign_up_roster(seed)
    with CohortStore.open(folder / f"signup-{seed}.json") as store:
        for person in answers:
            add_participant(store, person)
        typed = {str(a["email"]): str(a.get("offers") or a.get("wants")) for a in answers}
        # The roster as the old splitting read it: every entry left whole where it found no ';', '|' or ','.
        old = [
            replace(p, offers=old_split(typed[p.email]))
            if p.role == "mentor"
            else replace(p, wants=old_split(typed[p.email]))
            for p in list_participants(store)
        ]
        old_share = covered_share(truth, pairs_of(propose(MatchSetup(participants=tuple(old)))))
        before = covered_share(truth, pairs_of(propose(match_context(store))))
        taken, change = accept_suggestions(store)
        after = covered_share(truth, pairs_of(propose(match_context(store))))
    mixed = sum(
        len({MEANING_OF[topic_key(v)] for v in (t.topic, *t.variants) if topic_key(v) in MEANING_OF}) > 1
        for t in change.after.census
    )
    return old_share, before, after, best_share(truth), len(taken), mixed


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
    print(f"{'seed':>4}  {'old split':>9}  {'before':>7}  {'after':>7}  {'best':>7}  merges taken  wrong merges")
    for seed, (old, before, after, best, taken, mixed) in zip(seeds, rows, strict=True):
        print(f"{seed:>4}  {old:>9.0%}  {before:>7.0%}  {after:>7.0%}  {best:>7.0%}  {taken:>12}  {mixed:>12}")
    mean = [sum(r[i] for r in rows) / len(rows) for i in range(4)]
    print(f"{'mean':>4}  {mean[0]:>9.0%}  {mean[1]:>7.0%}  {mean[2]:>7.0%}  {mean[3]:>7.0%}")


if __name__ == "__main__":
    main()
