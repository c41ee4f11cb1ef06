"""Renderers turn a Report into a string. They import only ``auditor.models``."""

from __future__ import annotations

from auditor.renderers.html import render_html
from auditor.renderers.json import render_json
from auditor.renderers.markdown import render_markdown

RENDERERS = {"json": render_json, "html": render_html, "md": render_markdown}
EXTENSIONS = {"json": "json", "html": "html", "md": "md"}

__all__ = ["RENDERERS", "EXTENSIONS", "render_html", "render_json", "render_markdown"]
