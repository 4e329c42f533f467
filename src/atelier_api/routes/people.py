"""Routes: people — posts, trainees and their contracts, exits, personal data, the skills
certificate, the person's export, anonymisation."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from atelier.app import Workshop
from atelier.domain.errors import NotFound
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
    PersonExport,
    PostIn,
    PostOut,
    PostPage,
    ReleaseIn,
    TraineeIn,
    TraineeOut,
    TraineePage,
)

router = APIRouter(tags=["people"])

TraineeCode = Annotated[str, PathParam(max_length=40, examples=["T-0001"],
                                       description="The trainee's pseudonymous code.")]
PostCode = Annotated[str, PathParam(max_length=64, examples=["P1"],
                                    description="The post's code.")]
WorkshopName = Annotated[str | None, Query(max_length=200,
                                           description="The workshop's name on the "
                                                       "certificate.")]


def _post(ws: Workshop, code: str) -> PostOut:
    for post in ws.posts():
        if post.code.casefold() == code.casefold():
            return PostOut.model_validate(post.as_dict())
    raise NotFound("post", code)


def _trainee(ws: Workshop, code: str) -> TraineeOut:
    return TraineeOut.model_validate(ws.trainee(code).as_dict())


# -- posts ----------------------------------------------------------------------------------


@router.get("/posts", response_model=PostPage, summary="The posts and who holds them",
            **staff(Workshop.posts))
def list_posts(ws: Staff, at: Paging,
               vacant: Annotated[bool | None, Query(
                   description="Only vacant posts (true) or only held ones (false).")] = None,
               ) -> PostPage:
    """Every funded post, with its holder and since when (vacant: ``trainee`` null)."""
    found = [p for p in ws.posts() if vacant is None or p.vacant == vacant]
    return page(PostPage, found, at, lambda p: PostOut.model_validate(p.as_dict()))


@router.post("/posts", response_model=PostOut, status_code=201, summary="Declare a post",
             **staff(Workshop.add_post, 409))
def add_post(ws: Staff, body: PostIn) -> PostOut:
    """A funded post of the workshop, vacant until assigned."""
    code = ws.add_post(body.code, body.label)
    return _post(ws, code)


@router.get("/posts/history", response_model=AssignmentPage,
            summary="Who held each post, and when", **staff(Workshop.post_history, 404))
def post_history(ws: Staff, at: Paging,
                 post: Annotated[str | None, Query(max_length=64,
                                                   description="Only this post.")] = None,
                 ) -> AssignmentPage:
    """The assignments of every post (or one), by post then start."""
    return page(AssignmentPage, ws.post_history(post), at,
                lambda a: AssignmentOut.model_validate(a.as_dict()))


@router.post("/posts/{code}/assign", response_model=PostOut, summary="Give a post",
             **staff(Workshop.assign_post, 404, 409))
def assign_post(ws: Staff, code: PostCode, body: AssignIn) -> PostOut:
    """Give a vacant post to an active trainee holding no other one."""
    ws.assign_post(code, body.trainee, on=body.on)
    return _post(ws, code)


@router.post("/posts/{code}/release", response_model=AssignmentOut, summary="Free a post",
             **staff(Workshop.release_post, 404, 409))
def release_post(ws: Staff, code: PostCode, body: ReleaseIn | None = None) -> AssignmentOut:
    """End the current holder's assignment; answers the assignment ended."""
    ws.release_post(code, on=body.on if body else None)
    ended = [a for a in ws.post_history(code) if a.end is not None]
    last = max(ended, key=lambda a: (a.end or a.start, a.start))
    return AssignmentOut.model_validate(last.as_dict())


# -- trainees and contracts ---------------------------------------------------------------------


@router.get("/trainees", response_model=TraineePage, summary="The trainees (no names)",
            **staff(Workshop.trainees))
def list_trainees(ws: Staff, at: Paging,
                  include_exited: Annotated[bool, Query(
                      description="Also those whose pathway ended.")] = False,
                  post: Annotated[str | None, Query(max_length=64,
                                                    description="Only on this post.")] = None,
                  ) -> TraineePage:
    """Trainees by code: post, current contract, exit. Never a name."""
    found = [v for v in ws.trainees(include_exited=include_exited)
             if post is None or (v.post or "").casefold() == post.casefold()]
    return page(TraineePage, found, at, lambda v: TraineeOut.model_validate(v.as_dict()))


@router.post("/trainees", response_model=TraineeOut, status_code=201,
             summary="Register a trainee with their first contract",
             **staff(Workshop.add_trainee, 404, 409))
def add_trainee(ws: Staff, body: TraineeIn) -> TraineeOut:
    """The contract rules are checked (409 ``contract_rule`` naming the rule); the answer
    carries the pseudonymous code (``T-0001``…)."""
    code = ws.add_trainee(contract=body.contract, weekly_hours=body.weekly_hours,
                          start=body.start, end=body.end, post=body.post, code=body.code)
    return _trainee(ws, code)


@router.get("/contracts/ending", response_model=TraineePage,
            summary="Contracts ending soon", **staff(Workshop.contracts_ending))
def contracts_ending(ws: Staff, at: Paging,
                     within_days: Annotated[int, Query(ge=0, le=3660)] = 30) -> TraineePage:
    """Active trainees whose contract ends within ``within_days`` (or is overdue)."""
    return page(TraineePage, ws.contracts_ending(within_days=within_days), at,
                lambda v: TraineeOut.model_validate(v.as_dict()))


@router.get("/trainees/{code}", response_model=TraineeOut, summary="One trainee",
            **staff(Workshop.trainee, 404))
def get_trainee(ws: Staff, code: TraineeCode) -> TraineeOut:
    """Post, current contract, exit; no name."""
    return _trainee(ws, code)


@router.post("/trainees/{code}/contracts", response_model=ContractOut, status_code=201,
             summary="A new contract", **staff(Workshop.renew_contract, 404, 409))
def renew_contract(ws: Staff, code: TraineeCode, body: ContractIn) -> ContractOut:
    """A renewal or a new contract for an active trainee (the contract rules are checked)."""
    made = ws.renew_contract(code, contract=body.contract, weekly_hours=body.weekly_hours,
                             start=body.start, end=body.end)
    return ContractOut.model_validate(made.as_dict())


@router.post("/trainees/{code}/exit", response_model=TraineeOut,
             summary="End a trainee's pathway", **staff(Workshop.record_exit, 404, 409))
def record_exit(ws: Staff, code: TraineeCode, body: ExitIn) -> TraineeOut:
    """The exit with its outcome; the post is released that day."""
    ws.record_exit(code, on=body.on, outcome=body.outcome)
    return _trainee(ws, code)


# -- personal data (counsellor and admin) ----------------------------------------------------------


@router.get("/trainees/{code}/personal", response_model=PersonalOut,
            summary="The person behind a code", **staff(Workshop.personal, 404))
def get_personal(ws: Staff, code: TraineeCode) -> PersonalOut:
    """Name, contact, notes: for the counsellor and the admin only."""
    return PersonalOut.model_validate(ws.personal(code).as_dict())


@router.patch("/trainees/{code}/personal", response_model=PersonalOut,
              summary="Write personal data", **staff(Workshop.set_personal, 404, 409))
def set_personal(ws: Staff, code: TraineeCode, body: PersonalIn) -> PersonalOut:
    """Fields absent or null stay, an empty text clears; answers the data and the fields
    changed."""
    changed = ws.set_personal(code, full_name=body.full_name, contact=body.contact,
                              notes=body.notes)
    return PersonalOut.model_validate({**ws.personal(code).as_dict(), "changed": changed})


@router.get("/trainees/{code}/certificate", response_model=CertificateOut,
            summary="The skills certificate", **staff(Workshop.certificate, 404))
def certificate(ws: Staff, code: TraineeCode, workshop: WorkshopName = None) -> CertificateOut:
    """What the person can do (current levels) and how long they worked; nothing of where
    or why."""
    return CertificateOut.model_validate(ws.certificate(code, workshop=workshop).as_dict())


@router.get("/trainees/{code}/certificate.html", response_class=HTMLResponse,
            summary="The skills certificate as a printable page",
            **staff(Workshop.certificate_html, 404,
                    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}}))
def certificate_html(ws: Staff, code: TraineeCode, workshop: WorkshopName = None,
                     lang: Annotated[Literal["fr", "en"], Query()] = "fr") -> HTMLResponse:
    """A printable HTML page (French, or ``lang=en``)."""
    return HTMLResponse(ws.certificate_html(code, lang=lang, workshop=workshop))


@router.get("/trainees/{code}/export", response_model=PersonExport,
            summary="Everything stored about one person", **staff(Workshop.export_person, 404))
def export_person(ws: Staff, code: TraineeCode) -> PersonExport:
    """For the person's right of access: records, the work they did, and the audit records
    about them or naming them."""
    return PersonExport.model_validate(ws.export_person(code))


@router.post("/anonymisation", response_model=AnonymisedOut,
             summary="Anonymise after the retention period", **staff(Workshop.anonymise))
def anonymise(ws: Staff, body: AnonymiseIn) -> AnonymisedOut:
    """Erase the personal data and notes of trainees exited more than ``retention_days``
    ago; codes, hours, levels and exits stay for the statistics. Admin only."""
    return AnonymisedOut(anonymised=ws.anonymise(retention_days=body.retention_days,
                                                 today=body.today))
