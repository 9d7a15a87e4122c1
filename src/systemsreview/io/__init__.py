"""Reading and writing reviews: JSON through cattrs, Parquet datasets through pyarrow.

Every error from the layer below (pyarrow, json, the operating system) is mapped here, at
the I/O edge, to a :class:`~systemsreview.errors.FormatError` (or a subclass) that names the
file, the table, the row or entity and what to do.
"""
