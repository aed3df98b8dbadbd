"""REST API /api/v1: routers, dependencies and RFC 9457 problem+json errors."""
