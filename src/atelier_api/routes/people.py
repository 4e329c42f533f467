"""Routes: people — posts, trainees and their contracts, exits, personal data, the skills
certificate, the person's export, anonymisation."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from atelier import NotFound, Workshop
from atelier.domain import bounds
from atelier_api.deps import Staff
from atelier_api.schemas.common import Paging, page, staff
from atelier_api.schemas.people import (
    AnonymisedOut,
    AnonymiseIn,
    AssignIn,
    AssignmentOut,
    AssignmentPage,
    CertificateOut,
    ContractIn,
    ContractOut,
    ExitIn,
    PersonalIn,
    PersonalOut,
    PersonExportOut,
    PostIn,
    PostOut,
    PostPage,
    ReleaseIn,
    TraineeIn,
    TraineeOut,
    TraineePage,
)
from atelier_api.shapes import shown

router = APIRouter(tags=["people"])

TraineeCode = Annotated[str, PathParam(max_length=bounds.TRAINEE_CODE, examples=["T-0001"],
                                       description="The trainee's pseudonymous code.")]
PostCode = Annotated[str, PathParam(max_length=bounds.POST_CODE, examples=["P1"],
                                    description="The post's code.")]
WorkshopName = Annotated[str | None, Query(max_length=bounds.NAME,
                                           description="The workshop's name on the "
                                                       "certificate.")]


def _post(ws: Workshop, code: str) -> Any:
    for post in ws.posts():
        if post.code.casefold() == code.casefold():
            return shown(post)
    raise NotFound("post", code)


def _trainee(ws: Workshop, code: str) -> Any:
    return shown(ws.trainee(code))


# -- posts ----------------------------------------------------------------------------------


@router.get("/posts", summary="The posts and who holds them",
            **staff(Workshop.posts, returns=PostPage))
def list_posts(ws: Staff, at: Paging,
               vacant: Annotated[bool | None, Query(
                   description="Only vacant posts (true) or only held ones (false).")] = None,
               ) -> Any:
    """Every funded post, with its holder and since when (vacant: ``trainee`` null)."""
    return page([p for p in ws.posts() if vacant is None or p.vacant == vacant], at)


@router.post("/posts", summary="Declare a post",
             **staff(Workshop.add_post, 409, returns=PostOut, status=201))
def add_post(ws: Staff, body: PostIn) -> Any:
    """A funded post of the workshop, vacant until assigned."""
    code = ws.add_post(body.code, body.label)
    return _post(ws, code)


@router.get("/posts/history", summary="Who held each post, and when",
            **staff(Workshop.post_history, 404, returns=AssignmentPage))
def post_history(ws: Staff, at: Paging,
                 post: Annotated[str | None, Query(max_length=bounds.POST_CODE,
                                                   description="Only this post.")] = None,
                 ) -> Any:
    """The assignments of every post (or one), by post then start."""
    return page(ws.post_history(post), at)


@router.post("/posts/{code}/assign", summary="Give a post",
             **staff(Workshop.assign_post, 404, 409, returns=PostOut))
def assign_post(ws: Staff, code: PostCode, body: AssignIn) -> Any:
    """Give a vacant post to an active trainee holding no other one."""
    ws.assign_post(code, body.trainee, on=body.on)
    return _post(ws, code)


@router.post("/posts/{code}/release", summary="Free a post",
             **staff(Workshop.release_post, 404, 409, returns=AssignmentOut))
def release_post(ws: Staff, code: PostCode, body: ReleaseIn | None = None) -> Any:
    """End the current holder's assignment; answers the assignment ended."""
    ws.release_post(code, on=body.on if body else None)
    ended = [a for a in ws.post_history(code) if a.end is not None]
    last = max(ended, key=lambda a: (a.end or a.start, a.start))
    return shown(last)


# -- trainees and contracts ---------------------------------------------------------------------


@router.get("/trainees", summary="The trainees (no names)",
            **staff(Workshop.trainees, returns=TraineePage))
def list_trainees(ws: Staff, at: Paging,
                  include_exited: Annotated[bool, Query(
                      description="Also those whose pathway ended.")] = False,
                  post: Annotated[str | None, Query(max_length=bounds.POST_CODE,
                                                    description="Only on this post.")] = None,
                  ) -> Any:
    """Trainees by code: post, current contract, exit. Never a name."""
    found = [v for v in ws.trainees(include_exited=include_exited)
             if post is None or (v.post or "").casefold() == post.casefold()]
    return page(found, at)


@router.post("/trainees", summary="Register a trainee with their first contract",
             **staff(Workshop.add_trainee, 404, 409, returns=TraineeOut, status=201))
def add_trainee(ws: Staff, body: TraineeIn) -> Any:
    """The contract rules are checked (409 ``contract_rule`` naming the rule); the answer
    carries the pseudonymous code (``T-0001``…)."""
    code = ws.add_trainee(contract=body.contract, weekly_hours=body.weekly_hours,
                          start=body.start, end=body.end, post=body.post, code=body.code)
    return _trainee(ws, code)


@router.get("/contracts/ending", summary="Contracts ending soon",
            **staff(Workshop.contracts_ending, returns=TraineePage))
def contracts_ending(ws: Staff, at: Paging,
                     within_days: Annotated[int, Query(ge=0, le=3660)] = 30) -> Any:
    """Active trainees whose contract ends within ``within_days`` (or is overdue)."""
    return page(ws.contracts_ending(within_days=within_days), at)


@router.get("/trainees/{code}", summary="One trainee",
            **staff(Workshop.trainee, 404, returns=TraineeOut))
def get_trainee(ws: Staff, code: TraineeCode) -> Any:
    """Post, current contract, exit; no name."""
    return _trainee(ws, code)


@router.post("/trainees/{code}/contracts", summary="A new contract",
             **staff(Workshop.renew_contract, 404, 409, returns=ContractOut, status=201))
def renew_contract(ws: Staff, code: TraineeCode, body: ContractIn) -> Any:
    """A renewal or a new contract for an active trainee (the contract rules are checked)."""
    made = ws.renew_contract(code, contract=body.contract, weekly_hours=body.weekly_hours,
                             start=body.start, end=body.end)
    return shown(made)


@router.post("/trainees/{code}/exit", summary="End a trainee's pathway",
             **staff(Workshop.record_exit, 404, 409, returns=TraineeOut))
def record_exit(ws: Staff, code: TraineeCode, body: ExitIn) -> Any:
    """The exit with its outcome; the post is released that day."""
    ws.record_exit(code, on=body.on, outcome=body.outcome)
    return _trainee(ws, code)


# -- personal data (counsellor and admin) ----------------------------------------------------------


@router.get("/trainees/{code}/personal", summary="The person behind a code",
            **staff(Workshop.personal, 404, returns=PersonalOut))
def get_personal(ws: Staff, code: TraineeCode) -> Any:
    """Name, contact, notes: for the counsellor and the admin only."""
    return shown(ws.personal(code), changed=None)


@router.patch("/trainees/{code}/personal", summary="Write personal data",
              **staff(Workshop.set_personal, 404, 409, returns=PersonalOut))
def set_personal(ws: Staff, code: TraineeCode, body: PersonalIn) -> Any:
    """Fields absent or null stay, an empty text clears; answers the data and the fields
    changed."""
    changed = ws.set_personal(code, full_name=body.full_name, contact=body.contact,
                              notes=body.notes)
    return shown(ws.personal(code), changed=changed)


@router.get("/trainees/{code}/certificate", summary="The skills certificate",
            **staff(Workshop.certificate, 404, returns=CertificateOut))
def certificate(ws: Staff, code: TraineeCode, workshop: WorkshopName = None) -> Any:
    """What the person can do (current levels) and how long they worked; nothing of where
    or why."""
    return shown(ws.certificate(code, workshop=workshop))


@router.get("/trainees/{code}/certificate.html", response_class=HTMLResponse,
            summary="The skills certificate as a printable page",
            **staff(Workshop.certificate_html, 404,
                    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}}))
def certificate_html(ws: Staff, code: TraineeCode, workshop: WorkshopName = None,
                     lang: Annotated[Literal["fr", "en"], Query()] = "fr") -> HTMLResponse:
    """A printable HTML page (French, or ``lang=en``)."""
    return HTMLResponse(ws.certificate_html(code, lang=lang, workshop=workshop))


@router.get("/trainees/{code}/export", summary="Everything stored about one person",
            **staff(Workshop.export_person, 404, returns=PersonExportOut))
def export_person(ws: Staff, code: TraineeCode) -> Any:
    """For the person's right of access: records, the work they did, and the audit records
    about them or naming them."""
    return shown(ws.export_person(code))


@router.post("/anonymisation", summary="Anonymise after the retention period",
             **staff(Workshop.anonymise, returns=AnonymisedOut))
def anonymise(ws: Staff, body: AnonymiseIn) -> Any:
    """Erase the personal data and notes of trainees exited more than ``retention_days``
    ago; codes, hours, levels and exits stay for the statistics. Admin only."""
    return {"anonymised": ws.anonymise(retention_days=body.retention_days, today=body.today)}
