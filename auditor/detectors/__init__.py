"""Detector registry. A detector is a pure function ``(facts, **params) -> Outcome``.

Register with ``@detector("name", Params)`` where ``Params`` is a pydantic model
(``extra="forbid"``) describing the parameters a checklist may pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from auditor.models import Evidence, Status

if TYPE_CHECKING:
    from auditor.facts import Facts


class NoParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Outcome:
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    searched: str | None = None
    advice: str | None = None  # extra advice on top of the checklist's fix text
    details: dict[str, object] = field(default_factory=dict)


DetectorFn = Callable[..., Outcome]


@dataclass(frozen=True)
class Registered:
    fn: DetectorFn
    params: type[BaseModel]


DETECTORS: dict[str, Registered] = {}


def detector(name: str, params: type[BaseModel] = NoParams) -> Callable[[DetectorFn], DetectorFn]:
    def wrap(fn: DetectorFn) -> DetectorFn:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = Registered(fn, params)
        return fn

    return wrap


def validate_params(name: str, params: dict[str, object]) -> str | None:
    try:
        DETECTORS[name].params.model_validate(params)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return None


def run_detector(name: str, facts: Facts, params: dict[str, object]) -> Outcome:
    """Run a detector once per (facts, params); later calls reuse the outcome."""
    reg = DETECTORS[name]
    p = reg.params.model_validate(params)
    key = (name, p.model_dump_json())
    cached = facts.outcomes.get(key)
    if isinstance(cached, Outcome):
        return cached
    out = reg.fn(facts, **p.model_dump())
    facts.outcomes[key] = out
    return out


def _load_builtin() -> None:
    import importlib
    import pkgutil

    for mod in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(mod.name)


_load_builtin()
