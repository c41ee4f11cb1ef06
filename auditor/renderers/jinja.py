"""The one Jinja2 set-up every HTML renderer uses: autoescape on, undefined names are errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def new_env(filters: dict[str, Callable[..., Any]], globals_: dict[str, Any]) -> Environment:
    env = Environment(
        loader=PackageLoader("auditor.renderers", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters)
    env.globals.update(globals_)
    return env
