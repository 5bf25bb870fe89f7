"""Every dependency of every route runs on the event loop: FastAPI runs a plain `def`
dependency in its thread pool, a thread hop (and a wait for a free thread under load) on
each request, for what is mostly an attribute read."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from services.dispatch.app import create_app as dispatch_app
from services.intake.app import create_app as intake_app
from services.triage.app import create_app as triage_app

pytestmark = pytest.mark.unit


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _api_routes(app: FastAPI) -> list[APIRoute]:
    """Every API route, those of included routers too (which app.routes holds wrapped)."""
    return [
        context.route
        for context in iter_route_contexts(app.routes)
        if isinstance(context.route, APIRoute)
    ]


def _sync_dependencies(app: FastAPI) -> list[str]:
    return sorted(
        f"{route.path}: {call.__qualname__}"
        for route in _api_routes(app)
        for call in _calls(route.dependant)
        if not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))
    )


@pytest.mark.parametrize("create_app", [intake_app, triage_app, dispatch_app])
def test_no_route_waits_on_the_thread_pool_for_a_dependency(create_app: Any) -> None:
    app = create_app()
    # The walk reaches the routers' routes and their dependencies, not only the app's own.
    assert any(route.dependant.dependencies for route in _api_routes(app))
    assert _sync_dependencies(app) == []


def test_the_check_finds_a_plain_def_dependency() -> None:
    from fastapi import Depends

    def plain() -> int:
        return 1

    app = FastAPI()

    @app.get("/x")
    async def route(value: int = Depends(plain)) -> int:
        return value

    assert _sync_dependencies(app) == [
        "/x: test_the_check_finds_a_plain_def_dependency.<locals>.plain"
    ]
