"""Memory and latency of a gunicorn worker under concurrent photo searches (issue 13, item 5).

Run from the repository root:  python bench/bench_photo_memory.py [--concurrent 32] [--threads 32] [--rounds 3]

It builds a throwaway shop (the demo catalogue, indexed with the fallback embedder) in a temporary
folder, starts `gunicorn -w 1 --threads N` on loopback, and sends rounds of photo searches at once,
each from its own session (CSRF token first, then the upload). Of every four uploads two are real
photos from $SHOP_SHARED_DATA/clothing-photos, one a 12-megapixel phone-sized JPEG and one a PNG of
about 130 KB declaring 6300x6300 pixels. It prints, per round, the answers by status, the latency
(median, p95, max) and the worker's resident memory: after one warm-up search and its peak (VmHWM from
/proc). Prints figures only.
"""
from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.scratch import scratch_app  # noqa: E402
from webapp.demo.seed import seed_demo  # noqa: E402
from webapp.services.visual_search.building import build_catalogue_index  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BIG_PNG = "declared-6300x6300.png"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrent", type=int, default=32, help="photo searches sent at once")
    parser.add_argument("--threads", type=int, default=32, help="gunicorn threads of the one worker")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--malloc-arenas", default="2",
                        help="MALLOC_ARENA_MAX for the worker, as the Dockerfile sets it ('' for glibc's default)")
    return parser.parse_args()


def shared_data() -> Path:
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def encoded(image: Image.Image, format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def photos(count: int) -> list[tuple[str, bytes]]:
    """The uploads of a round: of every four, two real photos, a phone-sized JPEG and the PNG declaring 6300x6300."""
    real = sorted((shared_data() / "clothing-photos" / "images").glob("*.jpg"))
    phone = ("phone-4000x3000.jpg", encoded(Image.open(real[0]).convert("RGB").resize((4000, 3000)), "JPEG",
                                            quality=85))
    big = Image.new("RGB", (6300, 6300), "white")
    ImageDraw.Draw(big).rectangle((1500, 1000, 4800, 5500), fill=(200, 30, 30))
    declared = (BIG_PNG, encoded(big, "PNG", optimize=True))
    by_turn = {2: phone, 3: declared}
    return [by_turn.get(n % 4) or (real[n].name, real[n].read_bytes()) for n in range(count)]


def build_shop(instance: Path) -> None:
    app = scratch_app(instance)
    with app.app_context():
        seed_demo()
        build_catalogue_index()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(instance: Path, port: int, threads: int, malloc_arenas: str) -> subprocess.Popen:
    environment = {
        **{name: value for name, value in os.environ.items() if name != "MALLOC_ARENA_MAX"},
        **({"MALLOC_ARENA_MAX": malloc_arenas} if malloc_arenas else {}),
        "SHOP_CONFIG": "development", "SECRET_KEY": "bench-only", "INSTANCE_DIR": str(instance),
        "DATABASE_URL": f"sqlite:///{instance / 'shop.db'}", "RECOMMENDER_WEIGHTS": "fallback",
        "PHOTO_SEARCH_RATE_LIMIT": "100000/minute",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", "1", "--threads", str(threads),
               "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "wsgi:app"]
    server = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if get(port, "/livez")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer /livez")


def get(port: int, path: str, cookie: str = "") -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, body, set_cookie.split(";", 1)[0] or cookie


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


class Search:
    """One customer: a session with its CSRF token, then one upload when the round starts."""

    def __init__(self, port: int, filename: str, data: bytes) -> None:
        self.port, self.filename = port, filename
        _status, page, self.cookie = get(port, "/search/photo")
        self.content_type, self.body = multipart({"csrf_token": CSRF.search(page).group(1)}, filename, data)
        self.status = 0
        self.seconds = 0.0

    def run(self, start: threading.Barrier) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        start.wait()
        began = time.perf_counter()
        connection.request("POST", "/search/photo", body=self.body,
                           headers={"Content-Type": self.content_type, "Cookie": self.cookie})
        response = connection.getresponse()
        response.read()
        self.seconds = time.perf_counter() - began
        self.status = response.status
        connection.close()


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def run_round(port: int, uploads: list[tuple[str, bytes]]) -> list[Search]:
    searches = [Search(port, filename, data) for filename, data in uploads]
    start = threading.Barrier(len(searches))
    threads = [threading.Thread(target=search.run, args=(start,)) for search in searches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return searches


def describe(searches: list[Search]) -> str:
    statuses = Counter(search.status for search in searches)
    big = Counter(search.status for search in searches if search.filename == BIG_PNG)
    times = sorted(search.seconds * 1000 for search in searches)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return (f"answers {dict(sorted(statuses.items()))} (the 6300x6300 PNG: {dict(big)})   latency median "
            f"{statistics.median(times):6.0f} ms  p95 {p95:6.0f} ms  max {times[-1]:6.0f} ms")


def main() -> None:
    arguments = parse_arguments()
    uploads = photos(arguments.concurrent)
    kinds = Counter("real photo" if name.endswith(".jpg") and "x" not in name else f"{name} ({len(data) // 1024} KB)"
                    for name, data in uploads)
    print(f"uploads per round: {arguments.concurrent} at once: {dict(kinds)}")
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        build_shop(instance)
        port = free_port()
        server = start_gunicorn(instance, port, arguments.threads, arguments.malloc_arenas)
        try:
            worker = worker_pid(server.pid)
            run_round(port, uploads[:1])  # the embedder and the index load on first use
            print(f"worker: 1 process x {arguments.threads} threads, MALLOC_ARENA_MAX="
                  f"{arguments.malloc_arenas or '(glibc default)'}; resident after one search "
                  f"{memory_mb(worker, 'VmRSS'):.0f} MB")
            for number in range(1, arguments.rounds + 1):
                searches = run_round(port, uploads)
                print(f"round {number}: {describe(searches)}   peak resident {memory_mb(worker, 'VmHWM'):.0f} MB")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
