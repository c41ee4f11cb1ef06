"""Running git safely: no hooks, no submodules, no prompts, no exotic transports, timeouts."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

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


def git_launch(cmd: list[str]) -> tuple[list[str], Any]:
    """(argv, preexec_fn) that start ``cmd`` without the auditor's memory cap.

    A ``preexec_fn`` makes every child a full fork of this (large) process, about 10 ms a git
    call; ``prlimit`` (util-linux) lifts the cap in the child instead and lets Python spawn it
    cheaply. Without a cap there is nothing to lift; without ``prlimit`` the hook stays."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, ValueError, OSError):
        return cmd, None
    if soft == hard:
        return cmd, None
    tool = _prlimit()
    if tool is None or shutil.which(cmd[0]) is None:  # a missing git still says so
        return cmd, _child_limits
    limit = "unlimited" if hard == resource.RLIM_INFINITY else str(hard)
    return [tool, f"--as={limit}:{limit}", "--", *cmd], None


@functools.lru_cache(maxsize=1)
def _prlimit() -> str | None:
    return shutil.which("prlimit")


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
    cmd, preexec = git_launch(["git", *SAFE_CONFIG, *args])
    try:
        return subprocess.run(
            cmd,
            cwd=cwd,
            env=git_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            preexec_fn=preexec,
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
            cmd, preexec = git_launch(
                ["git", *SAFE_CONFIG, "--git-dir", str(self.git_dir), "cat-file", "--batch"]
            )
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git_env(),
                preexec_fn=preexec,
            )
        return self._proc

    def read(self, sha: str) -> bytes | None:
        return self.read_many([sha])[0]

    def read_many(self, shas: list[str]) -> list[bytes | None]:
        """Several objects in one round trip. An object the store lacks is None; an object git
        cannot read (a corrupt object makes ``cat-file`` die mid-answer) is None too, and the
        reader is restarted for the rest."""
        out: list[bytes | None] = []
        while len(out) < len(shas):
            got = self._read_batch(shas[len(out) :])
            out += got
            if len(out) < len(shas):  # git died on the next object: skip it, restart
                self.close()
                out.append(None)
        return out

    def _read_batch(self, shas: list[str]) -> list[bytes | None]:
        """Answers in order until the first one git could not give (the requests are written by
        a helper thread, so a pipe full of answers never blocks the writer)."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        stdin = proc.stdin
        request = b"".join(sha.encode() + b"\n" for sha in shas)
        if len(request) <= 4096:  # fits in the pipe: no helper needed
            try:
                stdin.write(request)
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                return []
            return self._answers(proc, len(shas))

        def write() -> None:
            try:
                stdin.write(request)
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            return self._answers(proc, len(shas))
        finally:
            if len(shas) and proc.poll() is not None:
                self.close()
            writer.join(5)

    @staticmethod
    def _answers(proc: subprocess.Popen[bytes], n: int) -> list[bytes | None]:
        """Up to ``n`` answers; fewer when git stops answering (an empty or short read)."""
        assert proc.stdout is not None
        out: list[bytes | None] = []
        try:
            for _ in range(n):
                header = proc.stdout.readline().split()
                if not header:
                    break  # git died on this object
                if len(header) != 3:
                    out.append(None)  # "<sha> missing"
                    continue
                size = int(header[2])
                data = proc.stdout.read(size)
                proc.stdout.read(1)
                if len(data) != size:
                    break
                out.append(data)
        except (OSError, ValueError):
            pass
        return out

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
