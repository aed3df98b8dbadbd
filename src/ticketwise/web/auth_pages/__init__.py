"""Sign-in and account pages: sign in/out, portal sign-up, password reset, invitations, /account.

Every form posts back to its own page. Validation errors re-render the form with the translated
message beside the field (status 422) and keep what was typed, except passwords.
"""

from fastapi import APIRouter

from ticketwise.web.auth_pages import account, links, sessions

router = APIRouter()
router.include_router(sessions.router)
router.include_router(links.router)
router.include_router(account.router)
