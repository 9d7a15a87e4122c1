"""Text for generated reviews: realistic phrases, unicode, long passages, board questions.

Two forms of the same material: strategies (:func:`texts`, :func:`questions`, ...) for the
entity strategies, and fixed pools (:data:`SHORT_TEXTS`, :data:`LONG_TEXTS`,
:data:`QUESTIONS`) from which :func:`~systemsreview.strategies.reviews` picks with one
choice per field. Each pool starts with its plainest entry, which is what a shrunk example
shows.
"""

from __future__ import annotations

import operator
from random import Random

from hypothesis import strategies as st

__all__ = [
    "LONG_TEXTS",
    "PLACES",
    "QUESTIONS",
    "SHORT_TEXTS",
    "SLUG_WORDS",
    "TAIL_CHARACTERS",
    "any_text",
    "names",
    "non_blank",
    "questions",
    "slugs",
    "texts",
]

_WORDS = (
    "the", "duty", "social", "worker", "visit", "home", "mother", "child", "children",
    "concern", "referral", "threshold", "assessment", "police", "school", "midwife", "GP",
    "health", "visitor", "strategy", "meeting", "plan", "review", "record", "shared",
    "not", "asked", "seen", "alone", "weekly", "supervision", "caseload", "neglect",
    "drinking", "incident", "notification", "feedback", "escalation", "procedure",
    "Zoë", "naïve", "café", "Łódź", "São", "Ærø", "Ñandú", "Øre", "İstanbul", "Straße",
    "Кыргыз", "Ελλάδα", "日本語", "社会福祉", "سلام", "עברית", "हिन्दी", "👶", "🏠", "📞",
)  # fmt: skip

_PHRASES = (
    "Concerns were shared but not collated",
    "The threshold for assessment was not met for any single contact",
    "Nobody asked the children what life at home was like",
    "Supervision focused on throughput rather than on the quality of the work",
    "The agency recorded the incident but did not notify the others",
    "Practitioners trusted the mother's account of her recovery",
    "A thorough, child-centred visit that noticed the younger child's silence",
    "Information about the father's history sat in another agency's records",
    "La famille a déménagé trois fois en un an",
    "Die Mutter lehnte weitere Termine ab",
)

_STEMS = (
    "How does the board know that",
    "What would help practitioners to notice when",
    "Is the board assured that",
    "Which agencies are able to see when",
    "What gets in the way when",
    "How might managers recognise that",
)

_CLAUSES = (
    "children are spoken to on their own",
    "concerns from several agencies accumulate",
    "supervision makes room for reflection",
    "referrers receive feedback",
    "the family's own view is sought",
    "a case is closed without an assessment",
)

_VISIBLE = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Z"])
_ANY_CHAR = st.characters(codec="utf-8", exclude_categories=["Cs"])


def _sentence(words: list[str]) -> str:
    return " ".join(words)


#: Plain words for readable ids.
SLUG_WORDS = _WORDS[:39]
#: Short kebab-case fragments for ids.
slugs = st.lists(st.sampled_from(SLUG_WORDS), min_size=1, max_size=2).map("-".join)

#: Short names of agencies and roles, from realistic words.
names = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(_sentence).map(str.capitalize)


def _passage(first: int, count: int) -> str:
    return ". ".join(_PHRASES[(first + 3 * i) % len(_PHRASES)] for i in range(count)) + "."


_SHORT = st.one_of(
    st.sampled_from(_PHRASES),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(_sentence),
    st.builds(
        lambda phrase, tail: f"{phrase} {tail}",
        st.sampled_from(_PHRASES),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
    ),
)
_LONG = _SHORT | st.builds(_passage, st.integers(0, len(_PHRASES) - 1), st.integers(8, 60))


def texts(*, long: bool = True) -> st.SearchStrategy[str]:
    """Non-blank text: a phrase, a run of words (unicode among them), or a long passage."""
    return _LONG if long else _SHORT


def non_blank() -> st.SearchStrategy[str]:
    """Any unicode text that is not empty or blank: a visible character, then anything."""
    return st.builds(operator.add, _VISIBLE, st.text(_ANY_CHAR, max_size=40))


def any_text() -> st.SearchStrategy[str]:
    """Any unicode text, empty and blank included (no lone surrogates)."""
    return st.text(_ANY_CHAR, max_size=40)


_QUESTIONS = st.builds(
    lambda stem, clause: f"{stem} {clause}?",
    st.sampled_from(_STEMS),
    st.sampled_from(_CLAUSES) | _SHORT,
)


def questions() -> st.SearchStrategy[str]:
    """A board question, ending with a question mark."""
    return _QUESTIONS


def _runs(count: int, seed: int) -> tuple[str, ...]:
    """``count`` runs of one to six words (unicode among them), the same on every import."""
    rnd = Random(seed)
    return tuple(_sentence(rnd.choices(_WORDS, k=rnd.randint(1, 6))) for _ in range(count))


#: Short non-blank texts: the phrases, then runs of words.
SHORT_TEXTS: tuple[str, ...] = _PHRASES + _runs(24, seed=9)
#: Non-blank texts, short and long: the short ones, then passages of 200 to 5,000 characters.
LONG_TEXTS: tuple[str, ...] = SHORT_TEXTS + tuple(
    _passage(first, count) for first, count in enumerate((3, 8, 15, 30, 45, 60))
)
#: Board questions: every stem with every clause, each ending with a question mark.
QUESTIONS: tuple[str, ...] = tuple(f"{stem} {clause}?" for stem in _STEMS for clause in _CLAUSES)
#: Places that name agencies ("Northshire police").
PLACES = ("Northshire", "Eastbury", "Riverside", "Łódź", "São Paulo", "Ærø", "İstanbul", "日本")
#: The characters of the arbitrary tails some generated texts carry.
TAIL_CHARACTERS = _ANY_CHAR
