"""The figures every screen and export shows, and the small-number rule that decides which may be shown.

A figure knows how many distinct people stand behind it, whatever it counts (answers, goals,
pairs or sessions), so a mentor who answers for two mentees is one person. The rule lives here
and only here: ``withheld`` says why a figure may not be shown, and every renderer (the report,
``rmtui status``, the dashboard, the JSON outputs) asks it. A protected figure backed by fewer
than SMALL distinct people is withheld. In a group of parts that add up to a total, one hidden
part would come back by subtraction, so ``protect_group`` hides a second part with it.

Protected: ratings (satisfaction, safety, session ratings), would recommend and would take part
again, goal outcomes, ended pairs and their reasons, and counts of free text sorted into
categories. Not protected: the roster, pairs matched, sessions held and due, check-ins answered,
and retention (leaving the organisation is public).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import mean
from typing import Any, TypeVar

SMALL = 5
FEWER = f"fewer than {SMALL}"
TOO_FEW = f"fewer than {SMALL} people"
ONE_SIDE = f"fewer than {SMALL} people on one side"
COMPLEMENT = "withheld with another figure, which the total would give away"
# Units a figure counts in; the label says which.
PEOPLE, PAIRS, ANSWERS, SESSIONS, GOALS = "people", "pairs", "answers", "sessions", "goals"


@dataclass(frozen=True, slots=True)
class Average:
    """A mean over some answers, with how many answers and how many distinct people gave them."""

    value: float | None
    count: int
    people: int = 0
    protected: bool = True

    @classmethod
    def of(cls, answers: Iterable[tuple[str, float]]) -> Average:
        """The mean of the values in (email, value) answers; ``people`` counts each email once."""
        found = list(answers)
        values = [value for _, value in found]
        return cls(mean(values) if values else None, len(values), len({email for email, _ in found}))


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` of ``whole`` (a rate such as retention), with the distinct people in the part and in the rest."""

    part: int
    whole: int
    people: int = 0
    part_people: int = 0
    rest_people: int = 0
    protected: bool = True
    hidden_with: bool = False

    @classmethod
    def of(cls, items: Iterable[tuple[bool, Iterable[str]]], *, protected: bool = True) -> Share:
        """A share from (in the part?, the people behind the item) for each item of the whole."""
        part, rest, inside, outside = 0, 0, set[str](), set[str]()
        for in_part, emails in items:
            if in_part:
                part += 1
                inside.update(emails)
            else:
                rest += 1
                outside.update(emails)
        return cls(part, part + rest, len(inside | outside), len(inside), len(outside), protected)

    @property
    def ratio(self) -> float | None:
        """The share as a fraction, or None of nothing."""
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True, slots=True)
class Count:
    """How many of something, with the distinct people behind them; ``hidden_with`` marks a complementary cell."""

    n: int
    people: int = 0
    protected: bool = True
    hidden_with: bool = False

    @classmethod
    def of(cls, items: Iterable[Iterable[str]], *, protected: bool = True) -> Count:
        """A count of items, each given with the people behind it."""
        n, people = 0, set[str]()
        for emails in items:
            n += 1
            people.update(emails)
        return cls(n, len(people), protected)


def withheld(figure: Average | Share | Count) -> str | None:
    """Why the small-number rule withholds this figure, or None when it may be shown."""
    if not figure.protected:
        return None
    if isinstance(figure, Count):
        return COMPLEMENT if figure.hidden_with else TOO_FEW if 0 < figure.people < SMALL else None
    if isinstance(figure, Average):
        return TOO_FEW if figure.count and figure.people < SMALL else None
    if not figure.whole:
        return None
    if figure.hidden_with:
        return COMPLEMENT
    if figure.people < SMALL:
        return TOO_FEW
    return ONE_SIDE if 0 < figure.part_people < SMALL or 0 < figure.rest_people < SMALL else None


def protect_group(parts: Sequence[tuple[str, Count]]) -> tuple[tuple[str, Count], ...]:
    """Parts that add up to a shown total, with a second part hidden whenever exactly one would be."""
    hidden = [label for label, part in parts if withheld(part)]
    shown = sorted((part.people, part.n, label) for label, part in parts if part.n and not withheld(part))
    if len(hidden) == 1 and shown:
        extra = shown[0][2]
        return tuple((label, replace(part, hidden_with=True) if label == extra else part) for label, part in parts)
    return tuple(parts)


# A figure with its own protection that can instead be withheld as the complement of another.
Shown = TypeVar("Shown", Count, Share)


def complement_of(protected: Count, rest: Shown) -> Shown:
    """``rest``, the other part of a shown total, withheld exactly when it would give the withheld ``protected`` away.

    Pairs ended early are an outcome about people; the pairs still active are not, but with the pairs matched
    shown, they tell how many ended. So they are withheld with the ended count, and only then."""
    return replace(rest, protected=True, hidden_with=True) if withheld(protected) else rest


def any_withheld(parts: Iterable[tuple[str, Count]]) -> bool:
    """Whether any part of a group is withheld (then a figure built from the parts is withheld too)."""
    return any(withheld(part) for _, part in parts)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure under its stable name, as the JSON outputs give it.

    A withheld figure has no value, no ``of`` and no count of people either: for a figure about people the
    count of people is the hidden number itself (three detractors are three people).
    """

    name: str
    label: str
    unit: str
    value: float | int | None
    people: int | None
    of: int | None = None
    withheld: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The figure as a JSON object; a withheld one carries the reason and never the number."""
        doc: dict[str, Any] = {"label": self.label, "value": self.value, "unit": self.unit, "people": self.people}
        if self.of is not None:
            doc["of"] = self.of
        doc["withheld"] = self.withheld
        return doc


def figure(name: str, label: str, unit: str, source: Average | Share | Count) -> Figure:
    """The named figure of a count, a share or an average, with the small-number rule applied."""
    if reason := withheld(source):
        return Figure(name, label, unit, None, None, withheld=reason)
    if isinstance(source, Average):
        value = None if source.value is None else round(source.value, 2)
        return Figure(name, label, unit, value, source.people)
    if isinstance(source, Share):
        return Figure(name, label, unit, source.part, source.people, source.whole)
    return Figure(name, label, unit, source.n, source.people)


def figures_json(found: Iterable[Figure]) -> dict[str, dict[str, Any]]:
    """The figures as one JSON object, each under its name (a name appears once)."""
    doc: dict[str, dict[str, Any]] = {}
    for one in found:
        if one.name in doc:
            raise ValueError(f"figure {one.name!r} twice")
        doc[one.name] = one.to_json()
    return doc
