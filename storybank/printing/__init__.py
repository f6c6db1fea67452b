"""Print-ready PDFs of stories in every script: HTML laid out by WeasyPrint with the print
stylesheet, fonts embedded, nothing fetched from the network.

Pure rendering: no application, no database. The pages themselves (cover, one story a page) are
made by whoever calls `render_pdf`.
"""

from __future__ import annotations

from .render import render_pdf

__all__ = ["render_pdf"]
