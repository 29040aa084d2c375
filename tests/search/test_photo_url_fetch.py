"""An image URL is fetched only over http(s) from public addresses, within size and time limits."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.search import card_ids, drawing, encoded, search_with_photo, stored_uploads
from webapp.services.visual_search.url_fetch import FetchLimits, FetchRefused, check_address, fetch_image_bytes

PHOTO = encoded(drawing((205, 35, 35)))
TEN_MB = 10 * 1024 * 1024


class ImageServer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {
            "/photo.jpg": lambda: self.send(PHOTO),
            "/declared-huge.jpg": lambda: self.send(b"x", length=TEN_MB + 1),
            "/streamed-huge.jpg": self.stream_too_much,
            "/slow.jpg": lambda: (time.sleep(1.5), self.send(PHOTO)),
            "/moved": lambda: self.redirect("/photo.jpg"),
            "/loop": lambda: self.redirect("/loop"),
            "/page.jpg": lambda: self.send(b"<!doctype html><title>Not a picture</title>"),
            "/odd-length.jpg": lambda: self.send(PHOTO, length="²"),
        }
        routes.get(self.path, lambda: self.send_error(404))()

    def send(self, body: bytes, length: int | str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream_too_much(self) -> None:
        # No Content-Length: only counting what arrives can stop it.
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.end_headers()
        chunk = b"\xff" * 65536
        try:
            for _ in range(TEN_MB // len(chunk) + 20):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the shop hung up at the limit, as it should

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def image_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ImageServer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def loopback_allowed(app, monkeypatch):
    """The test setting that lets the fetch reach the local test server."""
    monkeypatch.setitem(app.config, "PHOTO_URL_ALLOW_PRIVATE", True)
    monkeypatch.setitem(app.config, "PHOTO_URL_TIMEOUT_SECONDS", 0.5)


def search_url(client, url: str):
    return search_with_photo(client, None, image_url=url)


def test_a_public_image_url_is_searched(photo_client, indexed_catalogue, image_server, loopback_allowed):
    response = search_url(photo_client, f"{image_server}/photo.jpg")
    assert response.status_code == 200
    assert len(card_ids(response.text, "photo-results")) == 5
    assert len(stored_uploads()) == 1


def test_a_content_length_that_is_no_number_is_ignored_and_the_body_counted(
    photo_client, indexed_catalogue, image_server, loopback_allowed
):
    response = search_url(photo_client, f"{image_server}/odd-length.jpg")
    assert response.status_code == 200
    assert len(card_ids(response.text, "photo-results")) == 5


def test_redirects_are_followed(photo_client, indexed_catalogue, image_server, loopback_allowed):
    assert search_url(photo_client, f"{image_server}/moved").status_code == 200


REFUSED = {
    "loopback (by default)": ("{server}/photo.jpg", False, "not on the public internet"),
    "localhost by name": ("http://localhost:{port}/photo.jpg", False, "not on the public internet"),
    "a private network": ("http://10.0.0.8/photo.jpg", False, "not on the public internet"),
    "cloud metadata (link-local)": ("http://169.254.169.254/latest/meta-data/", False, "not on the public internet"),
    "IPv6 loopback": ("http://[::1]:{port}/photo.jpg", False, "not on the public internet"),
    "a file URL": ("file:///etc/passwd", True, "Only http:// and https://"),
    "an FTP URL": ("ftp://example.com/photo.jpg", True, "Only http:// and https://"),
    "a javascript URL": ("javascript:alert(1)", True, "Only http:// and https://"),
    "credentials in the URL": ("http://user:secret@{host}/photo.jpg", True, "user name or password"),
    "a declared size over the limit": ("{server}/declared-huge.jpg", True, "larger than 10 MB"),
    "a streamed size over the limit": ("{server}/streamed-huge.jpg", True, "larger than 10 MB"),
    "a server that is too slow": ("{server}/slow.jpg", True, "took too long"),
    "a redirect loop": ("{server}/loop", True, "redirects more than 3 times"),
    "a missing image": ("{server}/missing.jpg", True, "answered 404"),
    "a web page, not an image": ("{server}/page.jpg", True, "not an image we can read"),
}


@pytest.mark.parametrize(("url", "allow_loopback", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_url_gets_a_clear_message_and_stores_nothing(
    photo_client, indexed_catalogue, image_server, app, monkeypatch, url, allow_loopback, message
):
    monkeypatch.setitem(app.config, "PHOTO_URL_ALLOW_PRIVATE", allow_loopback)
    monkeypatch.setitem(app.config, "PHOTO_URL_TIMEOUT_SECONDS", 0.5)
    host = image_server.removeprefix("http://")
    started = time.monotonic()
    response = search_url(photo_client, url.format(server=image_server, host=host, port=host.rsplit(":", 1)[1]))
    assert response.status_code == 400
    assert message in response.text
    assert stored_uploads() == []
    assert time.monotonic() - started < 1.4  # the slow server is cut off, not waited for


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.10", "169.254.169.254", "100.64.0.1", "0.0.0.0",  # noqa: S104
    "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "ff02::1",
])
def test_inward_addresses_are_refused(address):
    with pytest.raises(FetchRefused, match="not on the public internet"):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    check_address(address)


def test_a_name_that_also_resolves_inward_is_refused(monkeypatch):
    """DNS may answer a public and a private address: any inward answer refuses the whole name."""
    import socket

    def both(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("93.184.215.14", "10.0.0.1")]

    monkeypatch.setattr(socket, "getaddrinfo", both)
    with pytest.raises(FetchRefused, match="not on the public internet"):
        fetch_image_bytes("http://images.example.com/photo.jpg", FetchLimits(max_bytes=1000, timeout=1))
