"""All web pages, one router per area."""

from fastapi import APIRouter

from ticketwise.web import admin, agent, auth_pages, common, notifications, portal, public

web_router = APIRouter(include_in_schema=False)
web_router.include_router(common.router)
web_router.include_router(auth_pages.router)
web_router.include_router(agent.router)
web_router.include_router(portal.router)
web_router.include_router(public.router)
web_router.include_router(admin.router)
web_router.include_router(notifications.pages)
