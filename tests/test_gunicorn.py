"""The production server: gunicorn with gunicorn.conf.py, as the Dockerfile starts it."""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> http.client.HTTPResponse | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response
    except OSError:
        return None
    finally:
        connection.close()


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):
    """gunicorn on a loopback port with the project's config (one small worker), serving the test config.

    Two threads make it gunicorn's threaded worker, the one production runs: only that one keeps connections alive.
    """
    port = _free_port()
    env = {**os.environ, "SHOP_CONFIG": "testing", "INSTANCE_DIR": str(tmp_path_factory.mktemp("gunicorn"))}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2", "wsgi:app"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while _get(port, "/livez") is None:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {server.stderr.read().decode() if server.stderr else ''}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, object]:
    """gunicorn.conf.py's settings as gunicorn reads them, under this environment."""
    monkeypatch.delenv("GUNICORN_KEEPALIVE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings: dict[str, object] = {}
    exec((REPO_ROOT / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - gunicorn reads it the same way
    return settings


def test_the_image_serves_with_this_config_and_never_preloads(monkeypatch):
    # TensorFlow hangs in a forked child when the model was built in the parent.
    commands = [line for line in (REPO_ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")]
    assert commands == ['CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]']
    assert _settings(monkeypatch)["preload_app"] is False


def test_idle_connections_are_kept_longer_than_a_load_balancer_keeps_them(monkeypatch):
    # Load balancers commonly drop idle connections after 60 s; gunicorn must not close first.
    assert _settings(monkeypatch)["keepalive"] == 75


@pytest.mark.parametrize(("value", "seconds"), [("5", 5), ("120", 120), ("650", 650)])
def test_the_keepalive_follows_gunicorn_keepalive(monkeypatch, value, seconds):
    assert _settings(monkeypatch, GUNICORN_KEEPALIVE=value)["keepalive"] == seconds


def test_the_image_keeps_glibc_to_two_malloc_arenas():
    # Each thread would get an arena of its own that keeps what it freed: the bench saw 546 MB against 269 MB.
    assert re.search(r"^ENV MALLOC_ARENA_MAX=2$", (REPO_ROOT / "Dockerfile").read_text(), re.MULTILINE)


def test_responses_do_not_name_the_server_software(gunicorn_port):
    response = _get(gunicorn_port, "/livez")
    assert response is not None and response.status == 200
    assert "gunicorn" not in (response.getheader("Server") or "").lower()


def test_security_headers_reach_the_client_through_gunicorn(gunicorn_port):
    response = _get(gunicorn_port, "/livez")
    assert response is not None
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.getheader("X-Frame-Options") == "DENY"


def test_a_kept_alive_connection_idle_for_seconds_still_answers_the_next_request(gunicorn_port):
    # gunicorn's default keepalive (2 s) closed it: the client's next request met a reset connection.
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn_port, timeout=10)
    try:
        connection.request("GET", "/livez")
        first = connection.getresponse()
        first.read()
        opened_from = connection.sock.getsockname()
        time.sleep(4)
        connection.request("GET", "/livez")
        second = connection.getresponse()
        second.read()
        assert (first.status, second.status) == (200, 200)
        assert connection.sock.getsockname() == opened_from  # the same connection, not a new one
    finally:
        connection.close()
