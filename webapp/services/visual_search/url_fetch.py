"""Fetch an image a customer points us to, without letting the URL reach inside our network (SSRF).

The host is resolved once and every address checked: loopback, private, link-local (cloud metadata),
multicast, reserved and unspecified addresses are refused. The connection goes to the address that
was checked (never resolved again, so DNS rebinding cannot swap it), with the original host name
for the Host header and for TLS. Redirects are followed by hand, each checked the same way; the
body is read up to a size limit (the picture limit: pictures.max_picture_bytes) and the whole exchange
to a deadline; what comes back is checked like any other picture (pictures.verify_image, by uploads).
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "LookalikeShop/1.0 (photo search)"


class FetchRefused(ValueError):
    """The URL was not fetched; the message is fit to show the customer."""


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int
    timeout: float
    allow_private: bool = False
    max_redirects: int = MAX_REDIRECTS


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback in disguise
    return address.is_global and not (address.is_multicast or address.is_reserved)


def check_address(address: str, allow_private: bool = False) -> None:
    """Refuse an address the shop must not connect to on a customer's behalf."""
    ip = ipaddress.ip_address(address)
    if not allow_private and not _is_public(ip):
        raise FetchRefused("That address is not on the public internet; give the URL of a public image.")


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchRefused("Only http:// and https:// image URLs can be fetched.")
    if not parts.hostname:
        raise FetchRefused("That URL has no host name.")
    if parts.username or parts.password:
        raise FetchRefused("URLs with a user name or password are not fetched.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused("That URL has an invalid port.") from exc
    path = parts.path or "/"
    return parts.scheme, parts.hostname, port, path + (f"?{parts.query}" if parts.query else "")


def _resolve(host: str, port: int, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"The host {host[:100]} could not be found.") from exc
    addresses = [info[4][0] for info in infos]
    # Every address must be acceptable: a name that also resolves inward is refused outright.
    for address in addresses:
        check_address(address, allow_private)
    return addresses[0]


def _connection(scheme: str, host: str, port: int, address: str, timeout: float) -> http.client.HTTPConnection:
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port, timeout=timeout)

    def connect_to_checked_address(_address: tuple, timeout: float, source_address: object = None) -> socket.socket:
        return socket.create_connection((address, port), timeout, source_address)

    # http.client opens its socket through this attribute; TLS still checks the certificate against `host`.
    connection._create_connection = connect_to_checked_address
    return connection


def _too_large(limits: FetchLimits) -> FetchRefused:
    return FetchRefused(f"That image is larger than {limits.max_bytes // (1024 * 1024)} MB.")


def _read_body(response: http.client.HTTPResponse, limits: FetchLimits, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdecimal() and int(declared) > limits.max_bytes:
        raise _too_large(limits)
    body = bytearray()
    while chunk := response.read1(CHUNK):
        body.extend(chunk)
        if len(body) > limits.max_bytes:
            raise _too_large(limits)
        if time.monotonic() > deadline:
            raise FetchRefused("The image server took too long to answer.")
    return bytes(body)


def fetch_image_bytes(url: str, limits: FetchLimits) -> bytes:
    """GET `url` within `limits`; raises FetchRefused with the reason."""
    deadline = time.monotonic() + limits.timeout
    for _hop in range(limits.max_redirects + 1):
        scheme, host, port, target = _split(url)
        address = _resolve(host, port, limits.allow_private)
        remaining = max(0.05, deadline - time.monotonic())
        connection = _connection(scheme, host, port, address, remaining)
        try:
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise FetchRefused(f"The image server answered {response.status} {response.reason}.")
            return _read_body(response, limits, deadline)
        except TimeoutError as exc:
            raise FetchRefused("The image server took too long to answer.") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchRefused("The image could not be downloaded from that address.") from exc
        finally:
            connection.close()
    raise FetchRefused(f"That URL redirects more than {limits.max_redirects} times.")
