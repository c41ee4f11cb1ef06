"""The authors' own configuration, read from the audited tree: ``.auditor.toml`` or the
``[tool.auditor]`` table of ``pyproject.toml``. It is untrusted input like the rest of the
repository: parsed as TOML (never imported or run), validated with pydantic (an unknown key is
an error naming the file and the key) and bounded in size."""

from __future__ import annotations

import posixpath
import re
import tomllib
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from auditor.errors import InputError
from auditor.sources.tree import Tree

MAX_CONFIG_BYTES = 256 * 1024
MAX_WAIVERS = 100
MAX_REASON = 1000
DOT_FILE = ".auditor.toml"
PYPROJECT = "pyproject.toml"
WAIVE_KEY = re.compile(r"^([a-z][a-z0-9-]*\.)?[a-z][a-z0-9_]*$")
ARXIV = re.compile(
    r"^(arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$|"
    r"^https://arxiv\.org/(abs|pdf)/[\w./-]+$",
    re.I,
)


class AuthorsSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    paper: str | None = Field(default=None, min_length=1, max_length=300)
    checklists: tuple[str, ...] = Field(default=(), max_length=20)
    fail_under: int | None = Field(default=None, alias="fail-under", ge=0, le=100_000)
    waive: dict[str, str] = Field(default_factory=dict, max_length=MAX_WAIVERS)

    @field_validator("paper")
    @classmethod
    def _paper(cls, value: str | None) -> str | None:
        """A path inside the repository or an arXiv id: a repository never makes auditor
        fetch a URL of its choosing."""
        if value is None or ARXIV.match(value.strip()):
            return value and value.strip()
        if "://" in value or value.startswith(("/", "~", "\\")) or ".." in value.split("/"):
            raise ValueError("give a path inside the repository or an arXiv id")
        return posixpath.normpath(value)

    @field_validator("checklists")
    @classmethod
    def _checklists(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for name in value:
            if not re.match(r"^[a-z][a-z0-9-]*$", name) and not _repo_toml(name):
                raise ValueError(f"{name!r} is neither a checklist id nor a .toml path here")
        return value

    @field_validator("waive")
    @classmethod
    def _waive(cls, value: dict[str, str]) -> dict[str, str]:
        out = {}
        for key, reason in value.items():
            if not WAIVE_KEY.match(key):
                raise ValueError(f"{key!r} is not a check id (or checklist-id.check-id)")
            reason = " ".join(reason.split())
            if not reason or len(reason) > MAX_REASON:
                raise ValueError(f"{key!r}: the reason must be 1 to {MAX_REASON} characters")
            out[key] = reason
        return out

    def arxiv_paper(self) -> bool:
        return bool(self.paper and ARXIV.match(self.paper))


def _repo_toml(name: str) -> bool:
    parts = name.split("/")
    return name.endswith(".toml") and not name.startswith("/") and ".." not in parts


@dataclass(frozen=True)
class AuthorsFile:
    path: str  # where in the repository it was found
    settings: AuthorsSettings


def read_authors_config(tree: Tree) -> AuthorsFile | None:
    """The repository's configuration, or None when it has none. Raises InputError for a file
    that is too large, not TOML, or holds unknown keys or bad values."""
    sizes = {e.path: e.size for e in tree.entries if not e.symlink}
    dot = _table(tree, DOT_FILE, sizes, None) if DOT_FILE in sizes else None
    pyproject = _table(tree, PYPROJECT, sizes, ("tool", "auditor")) if PYPROJECT in sizes else None
    if dot is not None and pyproject is not None:
        raise InputError(
            f"both {DOT_FILE} and {PYPROJECT} [tool.auditor] configure auditor: keep one"
        )
    path, table = (DOT_FILE, dot) if dot is not None else (PYPROJECT, pyproject)
    if table is None:
        return None
    where = path if path == DOT_FILE else f"{path} [tool.auditor]"
    try:
        return AuthorsFile(path, AuthorsSettings.model_validate(table))
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"]) or "(table)"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise InputError(f"{where}: {key}: {msg}") from None


def _table(
    tree: Tree, path: str, sizes: dict[str, int], inside: tuple[str, ...] | None
) -> dict[str, object] | None:
    if sizes[path] > MAX_CONFIG_BYTES:
        if inside is None:
            raise InputError(f"{path}: over {MAX_CONFIG_BYTES // 1024} KiB, not read")
        return None  # a huge pyproject.toml is another tool's business
    raw = tree.read_bytes(path, MAX_CONFIG_BYTES)
    if raw is None:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        data: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if inside is None or "tool.auditor" in text:
            raise InputError(f"{path}: not valid TOML: {exc}") from None
        return None
    for key in inside or ():
        data = data.get(key) if isinstance(data, dict) else None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise InputError(f"{path}: {'.'.join(inside or ())} must be a table")
    return data
