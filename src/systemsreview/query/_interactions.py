"""The agency-by-agency interaction matrix of a review: which agencies met in which episodes.

Two agencies *interact* in an episode when both are involved in it (in the sense of
:func:`~systemsreview.query.agencies_involved`). For each pair the matrix gives the shared
episodes and the findings (with their patterns) evidenced by those episodes, so a board can
see which interactions the review's lessons rest on.

>>> from systemsreview.examples import domestic_abuse_review
>>> matrix = interaction_matrix(domestic_abuse_review())
>>> matrix["police", "csc"].episodes
('kpe-contacts-handled-separately',)
>>> matrix["police", "csc"].patterns  # that episode evidences no finding
()
>>> matrix["police", "police"].patterns  # the diagonal: what the police took part in
(<Pattern.FAMILY_PROFESSIONAL: 'family_professional'>,)
"""

from __future__ import annotations

import difflib
from typing import Any

import attrs

from systemsreview.errors import NotFoundError
from systemsreview.model import EntityKind, Pattern, Review
from systemsreview.query._agencies import agencies_of, findings_evidenced_by
from systemsreview.query._causal import causes

__all__ = ["Interaction", "InteractionMatrix", "interaction_matrix"]


@attrs.frozen
class Interaction:
    """What two agencies shared (or, when ``first == second``, what one agency took part in).

    Attributes:
        first: an agency id (the earlier of the two in review order).
        second: the other agency id.
        episodes: the episodes both were involved in, in review order.
        findings: the findings ``EVIDENCED_BY`` any of those episodes, in review order.
        patterns: the distinct patterns of those findings (every pattern of each, its
            ``pattern`` and its ``other_patterns``), in :class:`Pattern` order.
    """

    first: str
    second: str
    episodes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()


@attrs.frozen
class InteractionMatrix:
    """The interactions of every pair of agencies of a review.

    Attributes:
        agencies: the review's agency ids, in review order (the matrix's rows and columns).
        interactions: one :class:`Interaction` per pair of distinct agencies sharing at least
            one episode, ordered by the pair's positions in ``agencies``.
        involvement: per agency (aligned with ``agencies``), its own episodes and findings.
    """

    agencies: tuple[str, ...]
    interactions: tuple[Interaction, ...]
    involvement: tuple[Interaction, ...]

    def __getitem__(self, pair: tuple[str, str]) -> Interaction:
        """The interaction of two agencies, in either order (empty if they never met).

        Raises:
            NotFoundError: naming an id that is not an agency of the matrix.
        """
        first, second = (self._position(agency) for agency in pair)
        if first == second:
            return self.involvement[first]
        first, second = sorted((first, second))
        a, b = self.agencies[first], self.agencies[second]
        for interaction in self.interactions:
            if (interaction.first, interaction.second) == (a, b):
                return interaction
        return Interaction(a, b)

    def counts(self) -> tuple[tuple[int, ...], ...]:
        """The square matrix of shared episode counts (diagonal: each agency's episodes).

        >>> from systemsreview.examples import domestic_abuse_review
        >>> interaction_matrix(domestic_abuse_review()).counts()[0]
        (2, 1, 0, 1, 0)
        """
        size = len(self.agencies)
        grid = [[0] * size for _ in range(size)]
        for i, own in enumerate(self.involvement):
            grid[i][i] = len(own.episodes)
        for interaction in self.interactions:
            i, j = self._position(interaction.first), self._position(interaction.second)
            grid[i][j] = grid[j][i] = len(interaction.episodes)
        return tuple(tuple(row) for row in grid)

    def to_arrow(self) -> Any:
        """The interactions as a ``pyarrow.Table``, one row per pair of distinct agencies.

        Columns: ``agency_a``, ``agency_b`` (string), ``episodes`` (int64, how many shared),
        ``episode_ids``, ``findings``, ``patterns`` (``list<string>``).

        >>> from systemsreview.examples import domestic_abuse_review
        >>> table = interaction_matrix(domestic_abuse_review()).to_arrow()
        >>> table.column_names
        ['agency_a', 'agency_b', 'episodes', 'episode_ids', 'findings', 'patterns']
        >>> table.num_rows
        3
        """
        import pyarrow as pa  # noqa: PLC0415  (keeps `import systemsreview` light)

        strings = pa.list_(pa.string())
        rows = self.interactions
        return pa.table(
            {
                "agency_a": pa.array([r.first for r in rows], pa.string()),
                "agency_b": pa.array([r.second for r in rows], pa.string()),
                "episodes": pa.array([len(r.episodes) for r in rows], pa.int64()),
                "episode_ids": pa.array([list(r.episodes) for r in rows], strings),
                "findings": pa.array([list(r.findings) for r in rows], strings),
                "patterns": pa.array([[p.value for p in r.patterns] for r in rows], strings),
            }
        )

    def _position(self, agency: str) -> int:
        try:
            return self.agencies.index(agency)
        except ValueError:
            close = difflib.get_close_matches(agency, self.agencies, n=3, cutoff=0.5)
            hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
            msg = f"the interaction matrix has no agency with id {agency!r}{hint}"
            raise NotFoundError(msg, key=agency, candidates=close) from None


def _resting_on(review: Review, episode: str, through_factors: bool) -> set[str]:
    """The findings evidenced by ``episode`` or, with ``through_factors``, by its causes."""
    found = set(findings_evidenced_by(review, episode))
    if through_factors and review.kind_of(episode) is EntityKind.EPISODE:
        for cause in causes(review, episode):  # (an id repeated under another kind: SR101)
            found.update(findings_evidenced_by(review, cause))
    return found


def _interaction(
    review: Review, first: str, second: str, episodes: list[str], findings_of: dict[str, set[str]]
) -> Interaction:
    found = {f for episode in episodes for f in findings_of[episode]}
    findings = tuple(f.id for f in review.findings if f.id in found)
    patterns = {p for f in review.findings if f.id in found for p in f.patterns}
    return Interaction(
        first, second, tuple(episodes), findings, tuple(p for p in Pattern if p in patterns)
    )


def interaction_matrix(
    review: Review, *, through_events: bool = True, through_factors: bool = True
) -> InteractionMatrix:
    """Which agencies were involved together in which episodes, and the patterns at stake.

    An interaction's findings are those that rest on its episodes: evidenced by an episode
    itself or, with ``through_factors``, by a factor or episode upstream of it (a finding
    evidenced by the factor that shaped the episode is at stake there too).

    Args:
        review: the review to query.
        through_events: passed to :func:`~systemsreview.query.agencies_involved`.
        through_factors: count findings evidenced by the episodes' causes as well.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> matrix = interaction_matrix(domestic_abuse_review())
    >>> [(i.first, i.second, len(i.episodes)) for i in matrix.interactions]
    [('csc', 'police', 1), ('csc', 'school', 1), ('police', 'school', 1)]
    """
    agencies = tuple(a.id for a in review.agencies)
    position = {agency: i for i, agency in reversed(list(enumerate(agencies)))}
    own: dict[str, list[str]] = {agency: [] for agency in agencies}
    shared: dict[tuple[int, int], list[str]] = {}
    for episode in review.episodes:
        involved = sorted(
            {position[a] for a in agencies_of(review, episode.id, through_events=through_events)}
        )
        for n, i in enumerate(involved):
            own[agencies[i]].append(episode.id)
            for j in involved[n + 1 :]:
                shared.setdefault((i, j), []).append(episode.id)
    findings_of = {e.id: _resting_on(review, e.id, through_factors) for e in review.episodes}
    return InteractionMatrix(
        agencies,
        tuple(
            _interaction(review, agencies[i], agencies[j], shared[i, j], findings_of)
            for i, j in sorted(shared)
        ),
        tuple(
            _interaction(review, agency, agency, own[agency], findings_of) for agency in agencies
        ),
    )
