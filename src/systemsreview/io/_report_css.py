"""The inline style sheet of the HTML report: screen and print, no web fonts, good contrast."""

from __future__ import annotations

from systemsreview.io._textwidth import FONT_FAMILY

__all__ = ["CSS"]

CSS = (
    """
:root { color-scheme: light; }
body { font-family: """
    + FONT_FAMILY
    + """; color: #1a1a1a; background: #ffffff;
  max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.5; font-size: 16px; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.45rem; border-bottom: 2px solid #333333; padding-bottom: 0.2rem;
  margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin: 1.8rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.2rem; }
p, li, dd { max-width: 48rem; }
a { color: #00466e; }
a:focus { outline: 3px solid #e69f00; }
.quiet { color: #4a4a4a; }
.missing { color: #4a4a4a; font-style: italic; }
.notice { border: 2px solid #8a3300; background: #fbe3d6; padding: 0.5rem 0.8rem;
  font-weight: bold; }
.badge { display: inline-block; border: 1.5px solid; border-radius: 4px; padding: 0 0.45rem;
  font-size: 0.85rem; font-weight: bold; }
nav ol { columns: 2; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #b0b0b0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
article { border-left: 4px solid #d0d0d0; padding-left: 1rem; margin: 1.5rem 0; }
ul.trail, ul.trail ul { list-style: none; padding-left: 1.2rem; border-left: 1px dotted #888888; }
figure { margin: 1rem 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #4a4a4a; font-size: 0.95rem; }
footer { margin-top: 3rem; border-top: 1px solid #b0b0b0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  section { break-before: page; }
  article, tr, figure { break-inside: avoid; }
  a { color: #1a1a1a; text-decoration: none; }
  figure { overflow: visible; }
}
"""
)
