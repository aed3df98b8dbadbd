"""The customer portal: the customer's own requests, new requests per ticket type, replies.

Pages need a signed-in user; staff who open the portal are sent to the agent workspace.
"""

from fastapi import APIRouter

from ticketwise.web.portal import new_request, requests

router = APIRouter()
router.include_router(new_request.router)
router.include_router(requests.router)
