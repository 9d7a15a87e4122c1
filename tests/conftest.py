"""Shared test configuration: Hypothesis profiles.

``ci`` (the default) keeps the suite fast on two cores; ``thorough`` runs many more
examples: ``HYPOTHESIS_PROFILE=thorough python -m pytest``.
"""

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run every test that uses Spark on one worker: each worker would start its own JVM."""
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()) or item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.xdist_group("spark"))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session for every Spark test (a JVM start costs tens of seconds).

    Skipped, with the reason printed, only when Java is absent; pyspark itself is a test
    requirement (the ``spark`` extra), so a missing pyspark fails instead of skipping.
    """
    if shutil.which("java") is None:
        reason = (
            "Spark needs Java on the PATH (Java 17 or later); none found, so Spark is not tested"
        )
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    from pyspark.sql import SparkSession  # noqa: PLC0415  # the spark extra, once Java is known

    session = (
        SparkSession.builder.master("local[1]")
        .appName("systemsreview-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # not ./spark-warehouse in the folder the tests run from
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="spark-warehouse-"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
