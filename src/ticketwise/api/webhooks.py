"""API routes (stub until built)."""

from fastapi import APIRouter

router = APIRouter()
