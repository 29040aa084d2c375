"""The shopping assistant: how well it understands, and how long a search turn takes on the server.

Measures and prints; not a test. Needs the fashion sample under $SHOP_SHARED_DATA (default
../shared/data). In a temporary instance folder with SQLite:

1. `flask catalog import` of the 3,000-product sample (the command, through Flask's CLI runner).
2. Understanding on bench/data/assistant_test.tsv (held out: never trained on): intent accuracy and
   slot precision, recall and F1, as `flask assistant evaluate` prints them.
3. Server time per message for search turns: POST /assistant/messages through the real app (Flask's
   test client, no network), the search utterances of the test file in turn, each answered with its
   products; the first message (which trains the model) is left out, and reported on its own.

    .venv/bin/python bench/bench_assistant.py [--runs 300] [--instance DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from timing import latency_summary  # noqa: E402

from tests.support.scratch import scratch_app  # noqa: E402
from webapp.services.assistant.evaluation import evaluate, read_examples  # noqa: E402
from webapp.services.assistant.interpreter import current_interpreter  # noqa: E402

TEST_FILE = REPO_ROOT / "bench" / "data" / "assistant_test.tsv"
TARGETS = {"intent accuracy": 0.90, "slot F1": 0.85, "median ms": 30.0, "p95 ms": 80.0}


def shared_data() -> Path:
    return Path(os.environ.get("SHOP_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def import_sample(app) -> None:
    start = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(shared_data() / "fashion-sample")])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    print(f"flask catalog import: {result.output.splitlines()[-1]} ({time.perf_counter() - start:.0f} s)")


def bench_understanding(app) -> None:
    print("\n== Understanding: bench/data/assistant_test.tsv (held out) ==")
    examples = read_examples(TEST_FILE)
    with app.app_context():
        start = time.perf_counter()
        interpreter = current_interpreter()
        print(f"model built (vocabulary read, phrases filled, trained) in {time.perf_counter() - start:.2f} s")
        scores = evaluate(interpreter, examples)
    print(f"utterances {scores.examples}")
    print(f"intent accuracy {scores.intent_accuracy:.3f} (target >= {TARGETS['intent accuracy']})")
    print(f"slot precision {scores.slot_precision:.3f}, recall {scores.slot_recall:.3f}, "
          f"F1 {scores.slot_f1:.3f} (target >= {TARGETS['slot F1']})")
    for (expected, understood), count in scores.confusions.most_common(8):
        print(f"   {count} x {expected} read as {understood}")


def bench_search_turns(app, runs: int) -> None:
    print("\n== Server time per message: search turns (POST /assistant/messages) ==")
    searches = [e.utterance for e in read_examples(TEST_FILE) if e.intent == "search"]
    client = app.test_client()
    start = time.perf_counter()
    client.post("/assistant/messages", json={"text": "hello"})
    print(f"first message of the process (reads the vocabulary, model cached from above): "
          f"{(time.perf_counter() - start) * 1000:.1f} ms")
    times, shown = [], 0
    for turn in range(runs):
        text = searches[turn % len(searches)]
        started = time.perf_counter()
        response = client.post("/assistant/messages", json={"text": text})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        shown += len(response.get_json()["products"])
    print(f"search turns: {latency_summary(times)}  (targets: median <= {TARGETS['median ms']:.0f} ms, "
          f"p95 <= {TARGETS['p95 ms']:.0f} ms)")
    print(f"products answered per turn: {shown / runs:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--instance", type=Path, help="keep the instance here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-assistant-") as temporary:
        instance = args.instance or Path(temporary)
        instance.mkdir(parents=True, exist_ok=True)
        app = scratch_app(instance, WTF_CSRF_ENABLED=False)
        import_sample(app)
        bench_understanding(app)
        bench_search_turns(app, args.runs)


if __name__ == "__main__":
    main()
