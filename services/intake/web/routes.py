"""The public pages. Server-rendered, they work with no JavaScript; they set no cookie,
load nothing from elsewhere and keep one URL through a submission (the answer to the POST
is the confirmation: no redirect carries the receipt). The receipt is only ever POSTed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile

from services.intake.attachments.service import SealedFile
from services.intake.deps import ContextDep, IntakeContext, SessionDep
from services.intake.followup import service as followup
from services.intake.followup.schemas import FollowupPublic, MessageCreate
from services.intake.reports import service as reports
from services.intake.reports.routes import evidence_turn, read_files
from services.intake.reports.schemas import ReportAccepted
from services.intake.web.forms import ROLES, UNREADABLE, ReportForm, force_choices
from shared.errors import AppError, TooManyRequests
from shared.forms import parse_form
from shared.validation import without_controls

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

router = APIRouter(include_in_schema=False)

STATUS_WORDS = {
    "received": (
        "Received",
        "We have your report. It is waiting to be assessed.",
    ),
    "assessed": (
        "Assessed",
        "We have assessed your report and are deciding where it should go.",
    ),
    "passed_to_force": (
        "Passed to the police force",
        "Your report has been passed to the force responsible, without anything that "
        "identifies you.",
    ),
    "acknowledged": (
        "Received by the force",
        "The force has confirmed it has your report and is looking at it.",
    ),
    "investigation_opened": (
        "Investigation opened",
        "The force has opened an investigation because of your report.",
    ),
    "no_further_action": (
        "No further action",
        "The force looked at your report and decided to take no further action.",
    ),
    "closed": (
        "Closed",
        "Your report has been closed. It did not concern the police.",
    ),
}


def render(
    request: Request,
    name: str,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        name,
        {"forces": force_choices(), "roles": ROLES, **context},
        status_code=status_code,
        headers=headers,
    )


def form_page(
    request: Request,
    form: ReportForm,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    problem: str = "",
) -> HTMLResponse:
    return render(
        request, "index.html", status_code, headers, form=form, problem=problem, action="/report"
    )


async def submit_form(
    request: Request,
    context: IntakeContext,
    form_data: Any,
    form: ReportForm,
    channel: str,
    *,
    taken_by: reports.TakenBy | None = None,
) -> tuple[ReportAccepted | None, int, dict[str, str] | None, str]:
    """Shared by the public form and the call-handler console: the answer, or (None, the
    status, headers, a problem for the top of the page) with form.errors filled in."""
    report_in = form.to_report(channel)
    uploads = [u for u in form_data.getlist("attachments") if isinstance(u, UploadFile)]
    async with evidence_turn(context, uploads):
        files: list[SealedFile] = []
        try:
            files = await read_files(uploads, context.settings, context.data_sealer)
        except AppError as exc:
            form.errors["attachments"] = exc.message + " Please choose your files again."
            return None, exc.status, None, ""
        if report_in is None:
            if files_chosen(form_data):
                form.errors.setdefault(
                    "attachments",
                    "Please choose your files again (the browser does not keep them).",
                )
            return None, 422, None, ""
        try:
            answer = await reports.accept_report(
                context=context, report_in=report_in, files=files, taken_by=taken_by
            )
        except AppError as exc:
            return None, exc.status, exc.headers, exc.message
        return answer, 200, None, ""


def files_chosen(form_data: Any) -> bool:
    return any(isinstance(u, UploadFile) and u.filename for u in form_data.getlist("attachments"))


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    return form_page(request, ReportForm.empty())


@router.post("/report", response_class=HTMLResponse)
async def post_report(request: Request, context: ContextDep) -> HTMLResponse:
    try:
        context.submissions.check(request)
    except TooManyRequests as exc:
        return form_page(
            request, ReportForm.empty(), status_code=429, headers=exc.headers, problem=exc.message
        )
    form_data, undecodable = await parse_form(request)
    form = ReportForm.from_form(form_data)
    if undecodable:
        form.refuse_undecodable(undecodable, files_chosen=files_chosen(form_data))
        return form_page(request, form, status_code=422)
    answer, status_code, headers, problem = await submit_form(
        request, context, form_data, form, "online"
    )
    if answer is None:
        return form_page(request, form, status_code=status_code, headers=headers, problem=problem)
    return render(request, "confirmation.html", answer=answer)


@router.get("/check", response_class=HTMLResponse)
async def check_page(request: Request) -> HTMLResponse:
    return render(request, "check.html", problem="")


def _status_page(
    request: Request, view: FollowupPublic, receipt: str, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    title, meaning = STATUS_WORDS.get(view.status, (view.status, ""))
    return render(
        request,
        "status.html",
        status_code,
        view=view,
        receipt=receipt,
        status_title=title,
        status_meaning=meaning,
        **extra,
    )


async def _open(
    request: Request, context: IntakeContext, receipt: str
) -> tuple[Any, HTMLResponse | None]:
    try:
        report = await followup.report_for_receipt(
            db=context.runtime.db,
            hasher=context.receipts,
            limiter=context.receipt_guesses,
            raw=receipt,
            floor_seconds=context.settings.receipt_check_floor_seconds,
        )
    except AppError as exc:
        page = render(request, "check.html", exc.status, exc.headers, problem=exc.message)
        return None, page
    return report, None


@router.post("/check", response_class=HTMLResponse)
async def post_check(request: Request, context: ContextDep, session: SessionDep) -> HTMLResponse:
    form, _ = await parse_form(request)  # a receipt that is not UTF-8 is no receipt
    receipt = str(form.get("receipt") or "")
    report, refused = await _open(request, context, receipt)
    if refused is not None:
        return refused
    view = await followup.followup_view(
        session=session, report=report, data_sealer=context.data_sealer
    )
    return _status_page(request, view, receipt)


@router.post("/check/reply", response_class=HTMLResponse)
async def post_reply(request: Request, context: ContextDep, session: SessionDep) -> HTMLResponse:
    form, undecodable = await parse_form(request)
    receipt = str(form.get("receipt") or "")
    text = without_controls(str(form.get("text") or "")).strip()
    report, refused = await _open(request, context, receipt)
    if refused is not None:
        return refused
    reply_error = ""
    sent = False
    if "text" in undecodable:
        reply_error = UNREADABLE
    elif not text or len(text) > 5000:
        reply_error = "Write a message of up to 5,000 characters."
    else:
        await followup.send_message(
            session=session,
            report=report,
            message_in=MessageCreate(text=text),
            data_sealer=context.data_sealer,
            bus_sealer=context.runtime.sealer,
        )
        sent = True
    await session.flush()
    view = await followup.followup_view(
        session=session, report=report, data_sealer=context.data_sealer
    )
    return _status_page(
        request,
        view,
        receipt,
        reply_error=reply_error,
        reply_text="" if sent else text,
        sent=sent,
        status_code=422 if reply_error else 200,
    )


@router.get("/static/pacars.css")
async def stylesheet() -> FileResponse:
    return FileResponse(HERE / "static" / "pacars.css", media_type="text/css")
