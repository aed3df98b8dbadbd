"""Admin pages (stub until built)."""

from fastapi import APIRouter

router = APIRouter()
