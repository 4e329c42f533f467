"""The routes, one module per area of use cases (the same areas as ``atelier.facade``)."""

from __future__ import annotations

from fastapi import FastAPI


def register(app: FastAPI, prefix: str) -> None:
    """Attach every router to ``app``: staff routes under ``prefix``, the collectivity
    JSON under ``prefix/client``, the tracking page at the root."""
    from atelier_api.routes import (
        client,
        hours,
        items,
        meta,
        orders,
        pages,
        people,
        production,
        skills,
        tokens,
    )

    # The collectivity's routes first: a request is matched against the routes in turn,
    # and theirs are the requests that come in numbers (the paths do not overlap, so the
    # order changes nothing else).
    app.include_router(client.router, prefix=f"{prefix}/client")
    app.include_router(pages.router)
    for module in (meta, orders, items, production, people, hours, skills, tokens):
        app.include_router(module.router, prefix=prefix)
