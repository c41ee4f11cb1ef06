"""The ASGI app: submit, job, history and login pages, downloads, and a small JSON API.

Plain HTML forms; no JavaScript at all (a queued or running job's page refreshes itself with
``<meta http-equiv="refresh">``). Reports are the stored ``report.json`` rendered by the same
renderers as the CLI; the HTML report is shown in a sandboxed frame.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from auditor.errors import InputError
from auditor.serve.config import ServeConfig
from auditor.serve.jobs import DB_NAME, JobStore, NewJob
from auditor.serve.queue import Dispatcher
from auditor.serve.security import (
    COOKIE,
    REPORT_CSP,
    Auth,
    SecurityHeaders,
    bearer,
    digest,
    load_secret,
    new_sid,
)
from auditor.serve.uploads import Form, UploadError, read_form
from auditor.serve.urls import check_paper_url, check_repo_url
from auditor.serve.users import User, load_users

log = logging.getLogger(__name__)
REFRESH_SECONDS = 2
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
STATUS_WORDS = {
    "queued": "Queued", "running": "Running", "ok": "Done", "failed": "Failed",
    "error": "Error", "timeout": "Timed out",
}  # fmt: skip


@dataclass
class App:
    """What every handler needs (one per server)."""

    cfg: ServeConfig
    store: JobStore
    auth: Auth
    dispatcher: Dispatcher
    env: Environment

    @property
    def uploads(self) -> Path:
        return self.cfg.data / "uploads"

    @property
    def reports(self) -> Path:
        return self.cfg.data / "reports"

    def report_dir(self, job_id: str) -> Path:
        return self.reports / "entries" / job_id


def create_app(cfg: ServeConfig) -> Starlette:
    cfg.data.mkdir(parents=True, exist_ok=True)
    store = JobStore(cfg.data / DB_NAME)
    users = load_users(cfg.users_file) if cfg.users_file else None
    auth = Auth(load_secret(cfg.data), users, store)
    dispatcher = Dispatcher(store, cfg.data / "reports", cfg.limits, cfg.jobs)
    env = Environment(
        loader=PackageLoader("auditor.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(STATUS_WORDS=STATUS_WORDS, multi_user=cfg.multi_user)
    a = App(cfg, store, auth, dispatcher, env)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        dispatcher.start()
        yield
        dispatcher.stop()

    routes = [
        Route("/", partial(submit_page, a)),
        Route("/jobs", partial(submit, a), methods=["POST"]),
        Route("/jobs/{job_id}", partial(job_page, a)),
        Route("/jobs/{job_id}/delete", partial(delete_job, a), methods=["POST"]),
        Route("/jobs/{job_id}/{name}", partial(download, a)),
        Route("/history", partial(history_page, a)),
        Route("/login", partial(login, a), methods=["GET", "POST"]),
        Route("/logout", partial(logout, a), methods=["POST"]),
        Route("/api/jobs", partial(api_jobs, a)),
        Route("/api/jobs/{job_id}", partial(api_job, a)),
        Route("/static/app.css", stylesheet),
        Route("/healthz", healthz),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], lifespan=lifespan)


# -- helpers ----------------------------------------------------------------------------------
def page(a: App, request: Request, template: str, user: User | None, code: int = 200,
         **ctx: Any) -> HTMLResponse:  # fmt: skip
    sid = request.cookies.get(COOKIE) or new_sid()
    html = a.env.get_template(template).render(
        user=user, csrf=a.auth.csrf_for(sid), refresh=None, **ctx
    )
    resp = HTMLResponse(html, status_code=code)
    if request.cookies.get(COOKIE) != sid:
        _set_cookie(resp, sid)
    return resp


def _set_cookie(resp: Response, sid: str) -> None:
    resp.set_cookie(COOKIE, sid, httponly=True, samesite="lax", path="/")


def problem(a: App, request: Request, user: User | None, status: int, message: str) -> Response:
    if bearer(request) is not None or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=status)
    return page(a, request, "error.html.j2", user, code=status, message=message)


def need_user(a: App, request: Request) -> tuple[User | None, Response | None]:
    """The user, or the answer for a request without one (login page for a browser)."""
    user = a.auth.user(request)
    if user is not None:
        return user, None
    if request.method == "GET" and bearer(request) is None and "/api/" not in request.url.path:
        return None, RedirectResponse("/login", status_code=303)
    return None, JSONResponse({"error": "a token is needed"}, status_code=401)


def visible_job(a: App, user: User, job_id: str) -> Any:
    """The job if this user may see it; None (answered 404, as for a job that does not exist)."""
    if not _JOB_ID.match(job_id):
        return None
    row = a.store.job(job_id)
    if row is None or (row["owner"] != user.name and not user.admin):
        return None
    return row


def load_report(a: App, job_id: str) -> Any:
    from auditor.models import Report

    path = a.report_dir(job_id) / "report.json"
    try:
        return Report.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def scores_text(row: Any) -> list[str]:
    scores = json.loads(row["scores"] or "{}")
    return [f"{cid}: {s}/{m}" for cid, (s, m) in scores.items()]


def status_of(row: Any) -> str:
    return str(row["state"] if row["state"] != "done" else row["status"])


def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


def stylesheet(_request: Request) -> Response:
    css = resources.files("auditor.serve").joinpath("static/app.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})


def checklist_choices() -> list[Any]:
    from auditor.checklists import installed_checklists

    return list(installed_checklists())


# -- pages ------------------------------------------------------------------------------------
def submit_page(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None:
        return denied
    return page(a, request, "submit.html.j2", user, checklists=checklist_choices())


async def submit(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    waiting = await run_in_threadpool(a.store.history, user.name, "", "queued")
    if len(waiting) >= a.cfg.max_queued:
        return problem(a, request, user, 429, _too_many(a))
    try:
        form = await read_form(
            request, a.uploads, a.cfg.max_upload_bytes, lambda t: a.auth.csrf_ok(request, t)
        )
    except UploadError as exc:
        return problem(a, request, user, exc.status, str(exc))
    try:
        job = await run_in_threadpool(new_job, a, user, form)
    except InputError as exc:
        _drop_uploads(form)
        return problem(a, request, user, 400, str(exc))
    job_id = await run_in_threadpool(a.store.submit, job, a.cfg.max_queued)
    if job_id is None:
        _drop_uploads(form)
        return problem(a, request, user, 429, _too_many(a))
    a.dispatcher.notify()
    if bearer(request) is not None:
        return JSONResponse({"id": job_id, "url": f"/jobs/{job_id}"}, status_code=201)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _too_many(a: App) -> str:
    return f"you already have {a.cfg.max_queued} jobs waiting; wait for one to finish"


def _drop_uploads(form: Form) -> None:
    for up in form.files.values():
        up.path.unlink(missing_ok=True)


def new_job(a: App, user: User, form: Form) -> NewJob:
    """Check a submission (one-line InputError) and describe the job."""
    public_only = a.cfg.multi_user and not a.cfg.allow_private_urls
    paper_up, code_up = form.files.get("paper"), form.files.get("code")
    paper_url, code_url = form.get("paper_url"), form.get("code_url")
    if paper_up and paper_url or code_up and code_url:
        raise InputError("give either a file or a URL for the paper and for the code, not both")
    paper = str(paper_up.path) if paper_up else None
    repo = str(code_up.path) if code_up else None
    if paper_url:
        paper = check_paper_url(paper_url, public_only)
    if code_url:
        repo = check_repo_url(code_url, public_only)
    if not paper and not repo:
        raise InputError("nothing to audit: give a paper and/or code")
    ref, at = form.get("ref") or None, form.get("at") or None
    if (ref or at) and not code_url:
        raise InputError("ref / date pin a git URL's history; give a code URL to use them")
    if ref and at:
        raise InputError("give either a ref or a date, not both")
    if ref and (ref.startswith("-") or len(ref) > 200 or any(c in ref for c in "\0\n\r ")):
        raise InputError(f"refusing ref {ref[:50]!r}")
    if at:
        try:
            date.fromisoformat(at)
        except ValueError as exc:
            raise InputError(f"the date wants YYYY-MM-DD, got {at[:20]!r}") from exc
    known = {c.id for c in checklist_choices()}
    chosen = form.getlist("checklist")
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise InputError(f"unknown checklist {unknown[0][:50]!r}")
    return NewJob(
        owner=user.name, repo=repo, paper=paper, ref=ref, at=at,
        repo_label=code_up.label if code_up else repo, paper_label=paper_up.label if paper_up else paper,
        checklists=tuple(chosen), uploads=tuple(u.path.name for u in form.files.values()),
    )  # fmt: skip


def job_page(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    row = visible_job(a, user, request.path_params["job_id"])
    if row is None:
        return problem(a, request, user, 404, "no such job")
    report = load_report(a, row["id"]) if row["status"] == "ok" else None
    from auditor.renderers import render_review

    resp = page(
        a, request, "job.html.j2", user, job=row, status=status_of(row), report=report,
        review=render_review(report) if report else None, scores=scores_text(row),
    )  # fmt: skip
    if row["state"] != "done":
        resp.headers["refresh"] = str(REFRESH_SECONDS)
    return resp


DOWNLOADS = {
    "report.json": "application/json",
    "report.html": "text/html; charset=utf-8",
    "report.md": "text/markdown; charset=utf-8",
    "report.sarif": "application/sarif+json",
    "review.txt": "text/plain; charset=utf-8",
}


def download(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    row = visible_job(a, user, request.path_params["job_id"])
    name = request.path_params["name"]
    report = load_report(a, row["id"]) if row is not None and name in DOWNLOADS else None
    if row is None or report is None:
        return problem(a, request, user, 404, "no such report")
    from auditor.renderers import RENDERERS

    fmt = {
        "report.json": "json",
        "report.html": "html",
        "report.md": "md",
        "report.sarif": "sarif",
    }.get(name, "review")
    body = RENDERERS[fmt](report)
    headers = {"content-disposition": f'attachment; filename="{row["id"]}-{name}"'}
    if name == "report.html":
        headers = {"content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN"}
        if request.query_params.get("download"):
            headers["content-disposition"] = f'attachment; filename="{row["id"]}-{name}"'
    return Response(body, media_type=DOWNLOADS[name], headers=headers)


def history_page(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    text = request.query_params.get("q", "")[:100]
    status = request.query_params.get("status", "")
    status = status if status in STATUS_WORDS else ""
    rows = a.store.history(None if user.admin and a.cfg.multi_user else user.name, text, status)
    jobs = [{"row": r, "status": status_of(r), "scores": scores_text(r)} for r in rows]
    return page(a, request, "history.html.j2", user, jobs=jobs, q=text, status=status)


async def delete_job(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    form = await request.form(max_files=0, max_fields=5)
    if not a.auth.csrf_ok(request, str(form.get("csrf") or "")):
        return problem(a, request, user, 403, "the form's CSRF token is missing or wrong")
    row = visible_job(a, user, request.path_params["job_id"])
    if row is None:
        return problem(a, request, user, 404, "no such job")
    if not await run_in_threadpool(a.store.delete, row["id"]):
        return problem(a, request, user, 409, "the job is running; delete it when it is done")
    shutil.rmtree(a.report_dir(row["id"]), ignore_errors=True)
    for name in json.loads(row["uploads"]):
        if re.match(r"^[0-9a-f]{32}\.[a-z0-9.]+$", name):
            (a.uploads / name).unlink(missing_ok=True)
    if bearer(request) is not None:
        return JSONResponse({"deleted": row["id"]})
    return RedirectResponse("/history", status_code=303)


async def login(a: App, request: Request) -> Response:
    if not a.cfg.multi_user or a.auth.users is None:
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        return page(a, request, "login.html.j2", None, failed=False)
    form = await request.form(max_files=0, max_fields=5)
    if not a.auth.csrf_ok(request, str(form.get("csrf") or "")):
        return problem(a, request, None, 403, "the form's CSRF token is missing or wrong")
    name, token = str(form.get("name") or "")[:64], str(form.get("token") or "")
    user = await run_in_threadpool(a.auth.users.authenticate, token, name)
    if user is None:
        return page(a, request, "login.html.j2", None, code=401, failed=True)
    sid = new_sid()  # a new cookie at login: a planted one never becomes a session
    await run_in_threadpool(a.store.add_session, digest(sid), user.name)
    resp = RedirectResponse("/", status_code=303)
    _set_cookie(resp, sid)
    return resp


async def logout(a: App, request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    if not a.auth.csrf_ok(request, str(form.get("csrf") or "")):
        return problem(a, request, None, 403, "the form's CSRF token is missing or wrong")
    sid = request.cookies.get(COOKIE)
    if sid:
        await run_in_threadpool(a.store.drop_session, digest(sid))
    resp = RedirectResponse("/login" if a.cfg.multi_user else "/", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp


# -- JSON API (for scripts: Authorization: Bearer <token>) --------------------------------
def _job_json(row: Any) -> dict[str, Any]:
    return {
        "id": row["id"], "owner": row["owner"], "created": row["created"],
        "state": row["state"], "status": row["status"], "message": row["message"],
        "scores": json.loads(row["scores"] or "{}"), "attempts": row["attempts"],
        "repo": row["repo_label"], "paper": row["paper_label"],
    }  # fmt: skip


def api_job(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    row = visible_job(a, user, request.path_params["job_id"])
    if row is None:
        return JSONResponse({"error": "no such job"}, status_code=404)
    return JSONResponse(_job_json(row))


def api_jobs(a: App, request: Request) -> Response:
    user, denied = need_user(a, request)
    if denied is not None or user is None:
        return denied or Response(status_code=401)
    rows = a.store.history(None if user.admin and a.cfg.multi_user else user.name, limit=1000)
    return JSONResponse([_job_json(r) for r in rows])
