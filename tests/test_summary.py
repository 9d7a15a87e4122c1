"""The text summary (``systemsreview show``) keeps its columns aligned whatever the ids."""

import attrs

from systemsreview.examples import domestic_abuse_review
from systemsreview.summary import summarise


def test_columns_line_up_with_long_ids() -> None:
    review = domestic_abuse_review()
    long_id = "agency-with-a-much-longer-identifier-than-twelve"
    renamed = attrs.evolve(
        review, agencies=(attrs.evolve(review.agencies[0], id=long_id), *review.agencies[1:])
    )
    lines = summarise(renamed).splitlines()
    start = lines.index("Agencies (5)") + 1
    rows = lines[start : start + 5]
    names = [row.index(agency.name) for row, agency in zip(rows, renamed.agencies, strict=True)]
    assert len(set(names)) == 1
    assert names[0] == len("  ") + len(long_id) + 1
