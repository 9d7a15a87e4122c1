"""Extensions: where tools built on systemsreview keep their own data in a review.

Every entity, every link and the review carry ``extensions``, a mapping from a namespace
(``vendor.name``) to JSON values, kept through JSON, Parquet, networkx and redaction. An
extension may register a typed schema, restricted fields and rules of its own; see
``docs/extensions.md`` for a worked example.

>>> from systemsreview.model import Agency
>>> police = Agency(id="police", name="Police", sector="police",
...                 extensions={"acme.case": {"owner": "DI Smith"}})
>>> get_extension(police, "acme.case")["owner"]
'DI Smith'
>>> get_extension(police, "other.thing") is None
True
"""

from systemsreview.model._extensions import MAX_DEPTH, NAMESPACE, Extensions
from systemsreview.rules._extensions import (
    Extension,
    get_extension,
    register_extension,
    registered_extensions,
    unregister_extension,
)

__all__ = [
    "MAX_DEPTH",
    "NAMESPACE",
    "Extension",
    "Extensions",
    "get_extension",
    "register_extension",
    "registered_extensions",
    "unregister_extension",
]
