"""Operations endpoints: liveness with a database round trip, and Prometheus metrics."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from ticketwise.core.health import database_ok

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: Literal["ok", "error"]
    database: str = Field(description="The database dialect when it answers, else the error's class name.")


@router.get(
    "/healthz",
    summary="Liveness: the database answers",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database does not answer"}},
)
def healthz() -> JSONResponse:
    ok, detail = database_ok()
    body = Health(status="ok" if ok else "error", database=detail)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
