"""The opt-in pause of the cyclic garbage collector: nesting, threads, restoring state."""

from __future__ import annotations

import gc
import threading

import pytest

import systemsreview as sr
from systemsreview import gc_paused
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import parquet


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_library_leaves_the_collector_alone(tmp_path):
    review = domestic_abuse_review()
    parquet.write(tmp_path / "corpus", [review])
    states = []
    for got in parquet.read(tmp_path / "corpus"):
        states.append(gc.isenabled())
        assert got == review
    assert sr.check(review) == []
    states.append(gc.isenabled())
    assert states == [True, True]
    assert gc.isenabled()


def test_pause_restores_on_error_and_nests():
    states = []

    def nested():
        with gc_paused():
            states.append(gc.isenabled())
            with gc_paused():
                states.append(gc.isenabled())
            states.append(gc.isenabled())  # the outer block still holds it
            raise RuntimeError

    with pytest.raises(RuntimeError):
        nested()
    assert states == [False, False, False]
    assert gc.isenabled()


def test_pause_keeps_a_collector_the_caller_disabled_off():
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_threads_restore_when_the_last_leaves():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with gc_paused():
            first_in.set()
            second_in.wait(5)
        states["after first"] = gc.isenabled()  # the second thread still holds the pause
        first_out.set()

    def second():
        first_in.wait(5)
        with gc_paused():
            second_in.set()
            first_out.wait(5)
            states["second inside"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == {"after first": False, "second inside": False}
    assert gc.isenabled()


def test_many_threads_checking_at_once():
    review = domestic_abuse_review()
    results = []

    def work():
        for _ in range(20):
            with gc_paused():
                results.append(sr.check(review))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == [[]] * 160
    assert gc.isenabled()
