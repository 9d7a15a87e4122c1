"""Hypothesis strategies for reviews: sound ones, anything-goes ones, and rule breakers.

For testing tools built on systemsreview (and systemsreview itself):

* :func:`reviews` builds valid, realistic reviews by construction: ``check`` finds no
  violation in them, errors or warnings.
* :func:`arbitrary_reviews` builds anything the model's constructors accept: dangling
  links, duplicate ids, cycles, no links at all, empty optional fields, any unicode.
* :func:`reviews_violating` builds, for one rule code, a review that breaks that rule.
* :func:`extensions` draws extension data; :func:`with_extensions` adds it to reviews.
* Strategies per entity kind: :func:`agencies`, :func:`practitioners`, :func:`events`,
  :func:`episodes`, :func:`factors`, :func:`findings`, :func:`sources`, plus
  :func:`periods`, :func:`links` and :func:`reviewers`.

Importing this module registers the strategies for ``st.from_type``; so does the package's
``hypothesis`` entry point, whenever Hypothesis starts.

>>> from hypothesis import given, settings, strategies as st
>>> from systemsreview.model import Review
>>> @settings(max_examples=10, deadline=None)
... @given(st.from_type(Review))
... def test_reviews_have_two_agencies(review):
...     assert len(review.agencies) >= 2
>>> test_reviews_have_two_agencies()
"""

from hypothesis import strategies as st

from systemsreview import model
from systemsreview._hypothesis_plugin import STRATEGIES
from systemsreview.strategies._arbitrary import arbitrary_reviews
from systemsreview.strategies._case import family_members, subjects
from systemsreview.strategies._codings import codings, expected_agreement
from systemsreview.strategies._entities import (
    agencies,
    entity_ids,
    episodes,
    events,
    factors,
    findings,
    links,
    periods,
    practitioners,
    reviewers,
    sources,
)
from systemsreview.strategies._extensions import (
    extension_names,
    extension_values,
    extensions,
    with_extensions,
)
from systemsreview.strategies._loop_entities import actions, recommendations, responses
from systemsreview.strategies._valid import DEFAULT_SIZES, Size, reviews
from systemsreview.strategies._violating import MUTATIONS, Mutation, reviews_violating

__all__ = [
    "DEFAULT_SIZES",
    "MUTATIONS",
    "Mutation",
    "Size",
    "actions",
    "agencies",
    "arbitrary_reviews",
    "codings",
    "entity_ids",
    "episodes",
    "events",
    "expected_agreement",
    "extension_names",
    "extension_values",
    "extensions",
    "factors",
    "family_members",
    "findings",
    "links",
    "periods",
    "practitioners",
    "recommendations",
    "responses",
    "reviewers",
    "reviews",
    "reviews_violating",
    "sources",
    "subjects",
    "with_extensions",
]


def _register() -> None:
    """Register the strategies with ``st.from_type`` (the entry point registers them lazily)."""
    for class_name, function in STRATEGIES.items():
        st.register_type_strategy(getattr(model, class_name), globals()[function]())


_register()
