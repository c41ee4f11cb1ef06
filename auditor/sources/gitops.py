"""Running git safely: no hooks, no submodules, no prompts, no exotic transports, timeouts."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from auditor.errors import InputError

ALLOWED_SCHEMES = ("https", "http", "ssh", "git", "file")
_SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\\].*$")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

SAFE_CONFIG = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "protocol.ext.allow=never",
    "-c", "protocol.fd.allow=never",
    "-c", "submodule.recurse=false",
    "-c", "core.symlinks=false",
    "-c", "core.fsmonitor=false",
    "-c", "credential.helper=",
    "-c", "http.followRedirects=initial",
    "-c", "safe.directory=*",
)  # fmt: skip


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_ASKPASS="/bin/true",
        SSH_ASKPASS="/bin/true",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_ALLOW_PROTOCOL=":".join(ALLOWED_SCHEMES),
        GIT_SSH_COMMAND="ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new",
        GIT_LFS_SKIP_SMUDGE="1",
    )
    return env


def _child_limits() -> None:
    """In a git child: lift the auditor's own memory cap (git maps pack files; it is bounded by
    its timeout instead)."""
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def looks_like_url(spec: str) -> bool:
    return bool(_URL.match(spec) or _SCP_LIKE.match(spec))


def check_url(spec: str) -> str:
    """Validate a git URL given by the user; return it unchanged or raise InputError."""
    if spec.startswith("-"):
        raise InputError(f"refusing repository {spec!r}: it looks like a command-line option")
    m = _URL.match(spec)
    if m:
        scheme = m.group(1).lower()
        if scheme not in ALLOWED_SCHEMES:
            raise InputError(
                f"unsupported URL scheme {scheme!r} in {spec!r} "
                f"(allowed: {', '.join(ALLOWED_SCHEMES)})"
            )
    elif "::" in spec:
        raise InputError(f"refusing repository {spec!r}: git transport helpers are not allowed")
    if any(c in spec for c in "\n\r\0 "):
        raise InputError(f"refusing repository {spec!r}: it contains whitespace or control chars")
    return spec


_OPTION_WITH_VALUE = {"--git-dir", "--work-tree", "-C", "-c", "--namespace"}


def subcommand(args: list[str]) -> str:
    """The git subcommand in an argument list (``["--git-dir", "x", "log", ...]`` -> ``log``)."""
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a in _OPTION_WITH_VALUE:
            skip = True
        elif not a.startswith("-"):
            return a
    return args[0] if args else "git"


def _run(args: list[str], cwd: Path | None, timeout: float) -> subprocess.CompletedProcess[bytes]:
    cmd = ["git", *SAFE_CONFIG, *args]
    try:
        return subprocess.run(
            cmd,
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            preexec_fn=_child_limits,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"git {subcommand(args)} timed out after {timeout:g}s") from exc
    except FileNotFoundError as exc:
        raise InputError("git is not installed (needed to read repositories)") from exc


def _failure(args: list[str], stderr: list[str]) -> InputError:
    last = next((m for m in reversed(stderr) if m.strip()), "failed")
    return InputError(f"git {subcommand(args)} failed: {last.strip()[:300]}")


def run_git(args: list[str], *, cwd: Path | None = None, timeout: float = 60.0) -> str:
    res = _run(args, cwd, timeout)
    if res.returncode != 0:
        raise _failure(args, res.stderr.decode("utf-8", "replace").strip().splitlines())
    return res.stdout.decode("utf-8", "replace")


def run_git_lenient(
    args: list[str], *, cwd: Path | None = None, timeout: float = 60.0
) -> tuple[str, list[str]]:
    """Like ``run_git`` for a command that carries on past objects it cannot read (``ls-tree
    -r`` over a store that lacks a folder's tree): its output and its ``error:`` lines. A
    ``fatal:`` failure, or a failure with no output, still raises."""
    res = _run(args, cwd, timeout)
    lines = res.stderr.decode("utf-8", "replace").strip().splitlines()
    errors = [ln.strip() for ln in lines if ln.startswith("error:")]
    if res.returncode != 0 and (
        not res.stdout or not errors or any("fatal:" in ln for ln in lines)
    ):
        raise _failure(args, lines)
    return res.stdout.decode("utf-8", "replace"), errors if res.returncode != 0 else []


class CatFile:
    """A persistent ``git cat-file --batch`` reader (one process per audited repository)."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                ["git", *SAFE_CONFIG, "--git-dir", str(self.git_dir), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git_env(),
                preexec_fn=_child_limits,
            )
        return self._proc

    def read(self, sha: str) -> bytes | None:
        """The object's content, or None when the store lacks it or git cannot read it (a
        corrupt object makes ``cat-file`` die mid-object: the reader is restarted)."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(sha.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3:
                if not header:  # git died on this object
                    self.close()
                return None  # "<sha> missing"
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
        except (OSError, ValueError):
            self.close()
            return None
        if len(data) != size:
            self.close()
            return None
        return data

    def close(self) -> None:
        if self._proc is not None:
            for stream in (self._proc.stdin, self._proc.stdout):
                if stream:
                    stream.close()
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def __del__(self) -> None:
        self.close()
