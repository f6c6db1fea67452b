"""Response headers that every page carries, and trusted proxies."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


# Production is served over HTTPS (README: a reverse proxy in front for TLS): browsers are told
# to use nothing else for a year, on this host and every subdomain, so no first visit can be
# downgraded to plain HTTP and read on the way. Sent whatever scheme the proxy reports, because
# a proxy that terminates TLS hands the application plain HTTP; browsers ignore it over HTTP.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/moderate"):
        # Staff pages show private details: never kept by a browser or a proxy.
        response.headers["Cache-Control"] = "no-store"
    return response


def add_strict_transport_security(response: Response) -> Response:
    response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response


def init_app(app: Flask) -> None:
    proxies = int(app.config["STORYBANK_PROXY_COUNT"])
    if proxies:
        # Only when proxies are configured is X-Forwarded-For believed, and only that many hops.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.after_request(add_security_headers)
    if app.config["STORYBANK_ENV"] == "production":
        # Development and tests run over plain HTTP, where the header would only mislead.
        app.after_request(add_strict_transport_security)
