"""What ``systemsreview check`` reads: files, globs, folders, ``-`` and datasets, expanded.

:func:`expand` turns the command's arguments into :class:`Source` objects, in the order
given (a folder's files sorted), each once:

- a ``.json`` file (or any file named explicitly) is one review document;
- ``-`` is one review document read from standard input;
- a folder holding ``_systemsreview.json`` is a Parquet dataset: every review is checked;
- any other folder is searched recursively for ``*.json`` files and datasets (hidden
  folders skipped);
- an argument that names nothing but holds ``*``, ``?`` or ``[`` is a glob (``**``
  recurses);
- ``example`` is the bundled worked example (a file of that name takes precedence).

An argument that names nothing is a :class:`Source` too, whose reading fails: the failure
is reported as a diagnostic like any other.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

__all__ = ["MANIFEST", "Source", "expand"]

#: The file that makes a folder a Parquet dataset.
MANIFEST = "_systemsreview.json"
EXAMPLE = "example"
STDIN = "-"


@attrs.frozen
class Source:
    """One thing to check.

    Attributes:
        name: how diagnostics name it (the path as given, ``-`` or ``example``).
        kind: ``"json"``, ``"stdin"``, ``"dataset"``, ``"example"`` or ``"missing"``.
    """

    name: str
    kind: str

    @property
    def path(self) -> Path:
        """The file or folder (the working folder for standard input)."""
        return Path(self.name if self.kind not in ("stdin", "example") else ".")


def _folder(folder: Path) -> Iterator[Source]:
    if (folder / MANIFEST).is_file():
        yield Source(str(folder), "dataset")
        return
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _folder(child)
        elif child.suffix == ".json" and child.is_file():
            yield Source(str(child), "json")


def _one(argument: str) -> Iterator[Source]:
    path = Path(argument)
    if argument == STDIN:
        yield Source(STDIN, "stdin")
    elif (argument == EXAMPLE or argument.startswith(EXAMPLE + ":")) and not path.exists():
        yield Source(argument, "example")
    elif path.is_dir():
        yield from _folder(path)
    elif path.exists() or not glob.has_magic(argument):
        yield Source(argument, "json" if path.exists() else "missing")
    else:
        matches = sorted(glob.glob(argument, recursive=True))  # noqa: PTH207 - any root
        if not matches:
            yield Source(argument, "missing")
        for match in matches:
            if Path(match).name == MANIFEST:  # a dataset's own file: the dataset is meant
                yield Source(str(Path(match).parent), "dataset")
            elif Path(match).is_dir():
                yield from _folder(Path(match))
            else:
                yield Source(match, "json")


def expand(arguments: Sequence[str]) -> list[Source]:
    """The sources the arguments name, each once, in order (standard input at most once).

    >>> expand(["example", "-", "example"])
    [Source(name='example', kind='example'), Source(name='-', kind='stdin')]
    """
    seen: dict[Source, None] = {}
    for argument in arguments:
        for source in _one(argument):
            seen.setdefault(source, None)
    return list(seen)
