"""A local stand-in for Stripe's HTTP API, for the real `stripe` library to talk to in tests.

It speaks the few endpoints the shop uses, answers with Stripe-shaped JSON, honours
Idempotency-Key like Stripe (the same key replays the first answer), and records every
request (method, path, headers, form fields) so tests can check what the shop sent.
"""
from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class StripeStandIn:
    requests: list[RecordedRequest] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    coupons: dict[str, dict[str, Any]] = field(default_factory=dict)
    refusals: dict[str, str] = field(default_factory=dict)  # path prefix -> error message
    _replies: dict[str, tuple[int, dict]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def start(self) -> None:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                status, reply = standin.handle(self.command, self.path, dict(self.headers.items()), body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_standin")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # A short poll keeps shutdown() quick; the default half second would add up over a suite.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def posts_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.method == "POST" and request.path == path]

    def handle(self, method: str, path: str, headers: dict[str, str], body: str) -> tuple[int, dict]:
        with self._lock:
            form = dict(parse_qsl(body, keep_blank_values=True))
            self.requests.append(RecordedRequest(method, path, headers, form))
            key = headers.get("Idempotency-Key")
            if method == "POST" and key in self._replies:
                return self._replies[key]
            reply = self._route(method, path, form)
            if method == "POST" and key:
                self._replies[key] = reply
            return reply

    def _route(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict]:
        for prefix, message in self.refusals.items():
            if path.startswith(prefix):
                return _error(400, message)
        parts = path.strip("/").split("/")
        if method == "POST" and parts == ["v1", "checkout", "sessions"]:
            return 200, self._create_session(form)
        if parts[:3] == ["v1", "checkout", "sessions"] and len(parts) >= 4:
            session = self.sessions.get(parts[3])
            if session is None:
                return _error(404, f"No such checkout.session: '{parts[3]}'")
            if method == "GET" and len(parts) == 4:
                return 200, session
            if method == "POST" and parts[4:] == ["expire"]:
                if session["status"] != "open":
                    return _error(400, f"Only open Checkout Sessions can be expired, not {session['status']} ones.")
                session["status"] = "expired"
                return 200, session
        if method == "POST" and parts == ["v1", "coupons"]:
            return 200, self._create_coupon(form)
        if method == "POST" and parts == ["v1", "refunds"]:
            return 200, {"id": f"re_test_{next(self._ids)}", "object": "refund", "status": "succeeded",
                         "payment_intent": form.get("payment_intent")}
        return _error(404, f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, form: dict[str, str]) -> dict[str, Any]:
        number = next(self._ids)
        lines = {key.split("]")[0] for key in form if key.startswith("line_items[")}
        amount = sum(
            int(form[f"{line}][quantity]"]) * int(form[f"{line}][price_data][unit_amount]"]) for line in lines
        )
        # Like Stripe: a coupon in discounts comes off the sum of the line items, never below zero.
        coupon = self.coupons.get(form.get("discounts[0][coupon]", ""))
        discount = min(coupon["amount_off"], amount) if coupon else 0
        # Like Stripe: the chosen shipping rate (the first option) is added after the discount.
        shipping = int(form.get("shipping_options[0][shipping_rate_data][fixed_amount][amount]") or 0)
        session = {
            "id": f"cs_test_{number}",
            "object": "checkout.session",
            "mode": form.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "url": f"{self.url}/pay/cs_test_{number}",
            "amount_total": amount - discount + shipping,
            "amount_subtotal": amount,
            "total_details": {"amount_discount": discount, "amount_shipping": shipping},
            "currency": form.get("line_items[0][price_data][currency]"),
            "client_reference_id": form.get("client_reference_id"),
            "metadata": {key[9:-1]: value for key, value in form.items() if key.startswith("metadata[")},
            "payment_intent": None,
        }
        self.sessions[session["id"]] = session
        return session

    def _create_coupon(self, form: dict[str, str]) -> dict[str, Any]:
        coupon = {
            "id": f"co_test_{next(self._ids)}",
            "object": "coupon",
            "amount_off": int(form["amount_off"]),
            "currency": form.get("currency"),
            "duration": form.get("duration"),
            "max_redemptions": int(form["max_redemptions"]) if "max_redemptions" in form else None,
            "name": form.get("name"),
        }
        self.coupons[coupon["id"]] = coupon
        return coupon

    def pay(self, session_id: str) -> dict[str, Any]:
        """What Stripe's side does when the customer pays: the session completes, with a payment intent."""
        session = self.sessions[session_id]
        session.update(status="complete", payment_status="paid", payment_intent=f"pi_test_{next(self._ids)}")
        return dict(session)


def _error(status: int, message: str) -> tuple[int, dict]:
    return status, {"error": {"type": "invalid_request_error", "message": message}}
