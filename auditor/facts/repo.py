"""The repository's facts: inventory, README documents (one hop), Python and notebooks."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TypeVar
from urllib.parse import unquote

from auditor.facts.markdown import Document, parse_document
from auditor.facts.parsed_cache import ParsedCache
from auditor.facts.python_src import PyInfo, parse_notebook, parse_python
from auditor.facts.vendored import licence_links, vendored_dirs
from auditor.limits import Limits
from auditor.sources.links import parse_url
from auditor.sources.tree import FileEntry, Tree

PARSED = ParsedCache()  # parsed sources by (path, git blob id): a repository at several commits
README_RE = re.compile(r"^readme(\.(md|markdown|rst|txt|mdown))?$", re.I)
DOC_EXT = (".md", ".markdown", ".rst", ".txt")
_MAX_LINKED_DOCS = 40
T = TypeVar("T")


def _root_readme(paths: Iterable[str]) -> str | None:
    roots = [p for p in paths if "/" not in p and README_RE.match(p)]
    if not roots:
        return None
    order = {".md": 0, ".markdown": 1, ".rst": 2, "": 3, ".txt": 4}
    return sorted(roots, key=lambda p: order.get(posixpath.splitext(p)[1].lower(), 5))[0]


class RepoFacts:
    def __init__(self, tree: Tree, limits: Limits, source_urls: tuple[str, ...] = ()) -> None:
        self.tree = tree
        self.limits = limits
        self.source_urls = source_urls
        self._text: dict[str, str | None] = {}
        self._py: dict[str, PyInfo] = {}
        # results derived from these facts that several detectors share, keyed by name
        self.derived: dict[tuple[str, ...], object] = {}

    def memo(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """A fact derived from these facts (entry points, code evidence, indexes), computed once
        per repository and shared by every detector that needs it."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]  # type: ignore[return-value]

    # -- inventory -------------------------------------------------------------------------
    @cached_property
    def files(self) -> tuple[FileEntry, ...]:
        """Regular files, without those of vendored third-party projects (``vendored``)."""
        regular = [e for e in self.tree.entries if not e.symlink]
        skip = tuple(f"{v}/" for v in self.vendored)
        return tuple(e for e in regular if not (skip and e.path.startswith(skip)))

    @cached_property
    def vendored(self) -> tuple[str, ...]:
        """Folders holding a copy of another project that the README only installs
        (``auditor.facts.vendored``); their files are left out of ``files`` and ``paths``."""
        every = [e.path for e in self.tree.entries if not e.symlink]
        readme = _root_readme(every)
        links = licence_links(self.tree, every)
        return vendored_dirs(every, self.text, self.text(readme) if readme else None, links)

    @cached_property
    def paths(self) -> tuple[str, ...]:
        return tuple(e.path for e in self.files)

    def text(self, path: str) -> str | None:
        """Decoded text of a regular file (bounded); None for binaries, links, missing files."""
        if path in self._text:
            return self._text[path]
        return self._decode(path, self.tree.read_bytes(path, self.limits.max_read_bytes))

    def _decode(self, path: str, raw: bytes | None) -> str | None:
        out: str | None = None
        if raw is not None and b"\0" not in raw[:8192]:
            out = raw.decode("utf-8", errors="replace")
        self._text[path] = out
        return out

    def prefetch(self, paths: list[str]) -> None:
        """Read the texts of ``paths`` not read yet in one go (one round trip to git)."""
        want = [p for p in paths if p not in self._text]
        for path, raw in self.tree.read_many(want, self.limits.max_read_bytes).items():
            self._decode(path, raw)

    # -- README documents --------------------------------------------------------------------
    @cached_property
    def readme_path(self) -> str | None:
        return _root_readme(self.paths)

    @cached_property
    def readme(self) -> Document | None:
        return self.document(self.readme_path) if self.readme_path else None

    def document(self, path: str) -> Document | None:
        text = self.text(path)
        if text is None:
            return None
        return parse_document(path, text)

    @cached_property
    def readme_docs(self) -> list[Document]:
        """The root README and the in-repo docs it links to (one hop)."""
        if self.readme is None:
            return []
        docs = [self.readme]
        seen = {self.readme.path}
        for link in self.readme.links:
            target = self.resolve_link(self.readme.path, link.url)
            if target is None or target in seen:
                continue
            if target.lower().endswith(DOC_EXT) or README_RE.match(target.rsplit("/", 1)[-1]):
                seen.add(target)
                doc = self.document(target)
                if doc is not None:
                    docs.append(doc)
            if len(docs) > _MAX_LINKED_DOCS:
                break
        return docs

    def resolve_link(self, from_path: str, url: str) -> str | None:
        """Map a README link to a file in this repository (relative or github blob/tree URL)."""
        url = url.strip()
        if not url or url.startswith(("#", "mailto:")):
            return None
        parsed = parse_url(url)
        if parsed is None:
            return None
        if parsed.scheme in ("http", "https"):
            m = re.match(r"^/[^/]+/[^/]+/(?:blob|tree)/[^/]+/(.+)$", parsed.path)
            if parsed.netloc.endswith("github.com") and m and self._same_repo(parsed.path):
                rel = unquote(m.group(1))
            else:
                return None
        elif parsed.scheme:
            return None
        else:
            rel = posixpath.normpath(
                posixpath.join(posixpath.dirname(from_path), unquote(parsed.path))
            )
        rel = rel.strip("/")
        if rel in self.paths:
            return rel
        for name in ("README.md", "readme.md", "README.rst", "README"):
            cand = f"{rel}/{name}" if rel not in (".", "") else name
            if cand in self.paths:
                return cand
        return None

    def _same_repo(self, path: str) -> bool:
        if not self.source_urls:
            return True
        owner_repo = "/".join(path.strip("/").split("/")[:2]).lower()
        return any(owner_repo in u.lower() for u in self.source_urls)

    # -- code --------------------------------------------------------------------------------
    @cached_property
    def python_paths(self) -> tuple[str, ...]:
        return tuple(p for p in self.paths if p.endswith(".py"))[: self.limits.max_parse_files]

    @cached_property
    def notebook_paths(self) -> tuple[str, ...]:
        return tuple(p for p in self.paths if p.endswith(".ipynb"))[: self.limits.max_parse_files]

    def _parsed_key(self, path: str) -> tuple[str, str, int] | None:
        blob = self.tree.blob_id(path)
        return (path, blob, self.limits.max_read_bytes) if blob else None

    def _cached(self, path: str) -> bool:
        key = self._parsed_key(path)
        return key is not None and key in PARSED

    def python(self, path: str) -> PyInfo | None:
        if path in self._py:
            return self._py[path]
        key = self._parsed_key(path)
        info = PARSED.get(key) if key else None
        if info is None:
            text = self.text(path)
            if text is None:
                return None
            parse = parse_notebook if path.endswith(".ipynb") else parse_python
            info = parse(path, text)
            if key:
                PARSED.put(key, info, len(text))
        self._py[path] = info
        return info

    @cached_property
    def sources(self) -> list[PyInfo]:
        paths = self.python_paths + self.notebook_paths
        self.prefetch([p for p in paths if p not in self._py and not self._cached(p)])
        out = []
        for p in paths:
            info = self.python(p)
            if info is not None:
                out.append(info)
        return out

    @cached_property
    def shell_scripts(self) -> tuple[str, ...]:
        return tuple(
            p for p in self.paths if p.lower().endswith((".sh", ".bash", ".slurm", ".sbatch"))
        )

    def other_code_paths(self) -> tuple[str, ...]:
        exts = (".r", ".jl", ".m", ".lua", ".cpp", ".cu", ".java", ".scala", ".js", ".ts")
        return tuple(p for p in self.paths if p.lower().endswith(exts))
