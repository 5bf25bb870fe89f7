"""The call-handler console: a token login, then the report form laid out for typing while
on a call, with the reference and receipt shown large to read back to the caller.

No cookie: the token travels as a hidden field of each (no-store) page, so closing the
tab is logging out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.intake.deps import ContextDep, IntakeContext
from services.intake.reports.service import TakenBy
from services.intake.web.forms import ReportForm
from services.intake.web.routes import files_chosen, render, submit_form
from shared.auth import Staff
from shared.forms import parse_form

router = APIRouter(prefix="/console", include_in_schema=False)


async def _staff(context: IntakeContext, raw: str) -> Staff | None:
    if not raw:
        return None
    async with context.runtime.db.reader() as session:
        staff = await context.runtime.tables.staff_tokens.lookup(
            session, raw, admin_token=context.settings.admin_token.get_secret_value()
        )
    return staff if staff is not None and staff.has("call_handler") else None


def _login(request: Request, problem: str = "", status_code: int = 200) -> HTMLResponse:
    return render(request, "console_login.html", status_code, problem=problem)


def _console(
    request: Request, token: str, form: ReportForm, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    return render(
        request,
        "console.html",
        status_code,
        form=form,
        staff_token=token,
        action="/console/report",
        submit_label="Send the phone report",
        **extra,
    )


@router.get("", response_class=HTMLResponse)
async def console_login(request: Request) -> HTMLResponse:
    return _login(request)


@router.post("", response_class=HTMLResponse)
async def console_open(request: Request, context: ContextDep) -> HTMLResponse:
    form, _ = await parse_form(request)  # a token that is not UTF-8 is no token
    token = str(form.get("staff_token") or "").strip()
    staff = await _staff(context, token)
    if staff is None:
        return _login(request, "That token is not valid for the call-handler console.", 401)
    form_state = ReportForm.empty()
    form_state.follow_up = True
    return _console(request, token, form_state, staff_name=staff.name)


@router.post("/report", response_class=HTMLResponse)
async def console_report(request: Request, context: ContextDep) -> HTMLResponse:
    form_data, undecodable = await parse_form(request)
    token = str(form_data.get("staff_token") or "").strip()
    staff = await _staff(context, token)
    if staff is None:
        return _login(request, "Your token is no longer valid. Sign in again.", 401)
    form = ReportForm.from_form(form_data)
    if undecodable:
        form.refuse_undecodable(undecodable, files_chosen=files_chosen(form_data))
        return _console(request, token, form, 422, staff_name=staff.name)
    # Audited in the report's own transaction (reports.service.TakenBy).
    taken_by = TakenBy(name=staff.name[:200], role=staff.role)
    answer, status_code, _, problem = await submit_form(
        request, context, form_data, form, "phone", taken_by=taken_by
    )
    if answer is None:
        return _console(request, token, form, status_code, problem=problem, staff_name=staff.name)
    return _console(request, token, ReportForm.empty(), answer=answer, staff_name=staff.name)
