"""The operations page: log in with an ops token (a form field, POSTed: never in a URL or
a cookie), then one server-rendered page; replay is a POST form carrying the token too.
No JavaScript and no third-party resources; charts are inline SVG."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.dispatch.audit.service import record_staff
from services.dispatch.dashboard.service import dashboard_data
from services.dispatch.deps import ContextDep
from services.dispatch.ops.routes import get_sampler
from services.dispatch.ops.service import replay_parked
from shared.auth import Staff
from shared.errors import AppError

router = APIRouter(prefix="/ops", include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
NO_STORE = {"cache-control": "no-store", "referrer-policy": "no-referrer"}


async def _staff(context: ContextDep, raw: str) -> Staff | None:
    if not raw:
        return None
    async with context.runtime.db.reader() as session:
        staff = await context.runtime.tables.staff_tokens.lookup(
            session, raw, admin_token=context.settings.admin_token.get_secret_value()
        )
    return staff if staff is not None and staff.has("ops") else None


def _login(request: Request, problem: str = "", status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "login.html", {"problem": problem}, status_code=status_code, headers=NO_STORE
    )


async def _page(
    request: Request, context: ContextDep, staff: Staff, token: str, notice: str = ""
) -> HTMLResponse:
    async with context.runtime.db.reader() as session:
        data = await dashboard_data(
            session=session,
            settings=context.settings,
            bus=context.runtime.bus,
            sampler=await get_sampler(request),
        )
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {**data, "staff": staff, "staff_token": token, "notice": notice},
        headers=NO_STORE,
    )


@router.get("", response_class=HTMLResponse)
async def login_page(request: Request) -> HTMLResponse:
    return _login(request)


@router.post("", response_class=HTMLResponse)
async def dashboard(request: Request, context: ContextDep) -> HTMLResponse:
    form = await request.form()
    token = str(form.get("staff_token") or "").strip()
    staff = await _staff(context, token)
    if staff is None:
        return _login(request, "That token is not valid for operations.", 401)
    return await _page(request, context, staff, token)


@router.post("/replay", response_class=HTMLResponse)
async def replay(request: Request, context: ContextDep) -> HTMLResponse:
    form = await request.form()
    token = str(form.get("staff_token") or "").strip()
    staff = await _staff(context, token)
    if staff is None:
        return _login(request, "Your token is no longer valid. Sign in again.", 401)
    try:
        package_id = UUID(str(form.get("package_id") or ""))
        async with context.runtime.db.transaction() as session:
            await replay_parked(session=session, package_id=package_id)
            await record_staff(session, staff, action="package.replay", target=str(package_id))
        context.worker.notify()
        notice = f"Package {package_id} will be delivered again."
    except ValueError:
        notice = "That is not a package id."
    except AppError as exc:
        notice = exc.message
    return await _page(request, context, staff, token, notice)
