"""Response headers: what a page may do in the browser, which pages no cache may keep, HTTPS pinning.

Hand-written rather than flask-talisman: Talisman has no Cross-Origin-Opener-Policy or Cache-Control
rule, so this module would stay anyway, and its defaults (redirect HTTP to HTTPS, which the kubelet's
HTTP probes cannot follow; HSTS on any client-sent X-Forwarded-Proto) would all have to be turned off.
"""
from flask import current_app, request
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'; base-uri 'self'"
)
# The shop needs none of these; a script injected despite the CSP gets none of them either.
# Photo search reads a chosen file, which needs no camera permission.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)
EVERY_RESPONSE = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    # A page we open (Stripe Checkout is a redirect, not a popup) cannot reach back into our window.
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Areas whose pages show one person's data or a form's CSRF token: neither a shared proxy nor the
# browser's disk cache of a shared computer may keep them.
PRIVATE_AREAS = frozenset({"account", "admin", "auth", "cart", "checkout", "assistant"})


def add_security_headers(response: Response) -> Response:
    """Set the headers below unless the view chose its own."""
    for name, value in EVERY_RESPONSE.items():
        response.headers.setdefault(name, value)
    if request.blueprint in PRIVATE_AREAS:
        response.headers.setdefault("Cache-Control", "no-store")
    _pin_https(response)
    return response


def _pin_https(response: Response) -> None:
    """Strict-Transport-Security where HSTS_MAX_AGE is set (production) and the browser came over HTTPS.

    request.is_secure believes X-Forwarded-Proto only through ProxyFix, from TRUST_PROXY_HOPS proxies.
    """
    max_age = current_app.config["HSTS_MAX_AGE"]
    if max_age and request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
