"""Headless Chromium for the tests: render a file to PNG and read the PNG's pixels.

The PNG reader is the standard library's ``zlib`` plus the five PNG row filters: enough for
the 8-bit RGB(A) screenshots Chromium writes, with no imaging library to install.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

__all__ = ["chromium", "pixels", "render_svg", "screenshot"]

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None where there is none."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(page: Path, out: Path, width: int, height: int) -> subprocess.CompletedProcess[str]:
    """Render ``page`` (an HTML or SVG file) in headless Chromium to the PNG ``out``."""
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                f"--window-size={width},{height}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def pixels(png: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and the RGB(A) pixels, row by row, of an 8-bit RGB or RGBA PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, data, header = 8, b"", b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8, "only 8-bit PNGs"
    assert colour in (2, 6), "only RGB or RGBA PNGs"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    rows: list[tuple[int, ...]] = []
    offset = 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.extend(tuple(line[i : i + channels]) for i in range(0, stride, channels))
        previous = line
    return width, height, rows


def render_svg(svg: str, folder: Path) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and pixels of ``svg`` drawn by headless Chromium at its own size.

    Skips the calling test (saying why) where no Chromium is installed.
    """
    if chromium() is None:
        pytest.skip("no Chromium found (apt-get install -y chromium); browser rendering not tested")
    root = ET.fromstring(svg)
    width, height = round(float(root.attrib["width"])), round(float(root.attrib["height"]))
    page = folder / "picture.svg"
    page.write_text(svg, encoding="utf-8")
    out = folder / "picture.png"
    run = screenshot(page, out, width, height)
    assert run.returncode == 0, run.stderr[-2000:]
    got_width, got_height, rows = pixels(out.read_bytes())
    assert (got_width, got_height) == (width, height)
    return width, height, rows
