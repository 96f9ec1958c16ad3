"""The HTTP service (issue 19): endpoints through FastAPI's test client, a real server on a free loopback port,
and schemathesis against the published OpenAPI document."""

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from notice_parser import parse_file  # noqa: E402
from notice_parser.schema import json_schema  # noqa: E402
from notice_parser.server import Settings, create_app, is_loopback  # noqa: E402

from conftest import ROOT, seed  # noqa: E402

CLI = Path(sys.executable).with_name("notice-parser")
SEED = ("1. Giao Sở Tài chính chủ trì, phối hợp với Sở Tư pháp rà soát kinh phí, báo cáo UBND tỉnh trước ngày "
        "15/10/2019.")
TOKEN = "s3cret-token-for-tests-0123456789"


def _client(**kw):
    return TestClient(create_app(Settings(**kw)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client():
    with _client(workers=2, timeout=60) as c:
        yield c


def _problem(r, status, kind):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["kind"] == kind and body["type"].endswith("/" + kind)
    assert "Traceback" not in r.text
    return body


def test_a_notice_posted_as_json_comes_back_as_its_task_graph(client):
    import jsonschema

    r = client.post("/v1/parse", json={"text": SEED, "source": "seed-1"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    g = r.json()
    jsonschema.validate(g, json_schema())
    assert g["document"]["source"] == "seed-1"
    (task,) = g["tasks"]
    agencies = {a["id"]: a["name"] for a in g["agencies"]}
    assert [agencies[a] for a in task["lead"]] == ["Sở Tài chính"]
    assert [agencies[a] for a in task["support"]] == ["Sở Tư pháp"]
    assert task["deadline"]["date"] == "2019-10-15"
    assert SEED[task["start"]:task["end"]] == task["text"]  # offsets into the text that was posted
    assert task["action"] == "rà soát kinh phí, báo cáo UBND tỉnh trước ngày 15/10/2019"
    # reference_date is honoured: a year-less deadline takes the reference's year
    r = client.post("/v1/parse", json={"text": "Giao Sở Y tế báo cáo UBND tỉnh trước ngày 30/11.",
                                       "reference_date": "2031-05-02"})
    assert r.json()["tasks"][0]["deadline"]["date"] == "2031-11-30"


def test_an_uploaded_file_gives_what_the_cli_gives(client):
    path = seed("000")
    expected = parse_file(path).model_dump(mode="json")
    r = client.post("/v1/parse", files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["document"]["source"] == path.name
    assert [t["action"] for t in got["tasks"]] == [t["action"] for t in expected["tasks"]]
    assert got["document"]["file_sha256"] == expected["document"]["file_sha256"]
    # a PDF with a text layer, read by pypdf as the CLI reads it; the source field names it
    pdf = ROOT / "tests" / "fixtures" / "notice.pdf"
    r = client.post("/v1/parse", files={"file": ("n.pdf", pdf.read_bytes(), "application/pdf")},
                    data={"source": "upload-42"})
    assert r.status_code == 200, r.text
    assert r.json()["document"]["source"] == "upload-42"
    assert [t["action"] for t in r.json()["tasks"]] == [t.action for t in parse_file(pdf).tasks]
    # the notice as text/plain, source and reference date in the query
    r = client.post("/v1/parse?source=plain", content=SEED.encode(), headers={"content-type": "text/plain"})
    assert r.json()["document"]["source"] == "plain" and len(r.json()["tasks"]) == 1


def test_bad_requests_are_problem_details_with_the_clis_kinds(client):
    assert "empty" in _problem(client.post("/v1/parse", json={"text": "  \n"}), 422, "empty")["detail"]
    _problem(client.post("/v1/parse", json={"text": "12345 67890 !!!"}), 422, "no_text")
    _problem(client.post("/v1/parse", json={"text": "Uû ban nh©n d©n tØnh §iÒu 1"}), 422, "legacy_encoding")
    _problem(client.post("/v1/parse", files={"file": ("blank.txt", b"\x00\x01\x02" * 50)}), 422, "binary")
    assert "text" in _problem(client.post("/v1/parse", json={"txt": SEED}), 400, "bad_request")["detail"]
    _problem(client.post("/v1/parse", content=b"{not json", headers={"content-type": "application/json"}),
             400, "bad_request")
    _problem(client.post("/v1/parse", json={"text": SEED, "reference_date": "30/11/2024"}), 400, "bad_request")
    _problem(client.post("/v1/parse", content="Giao Sở Y tế".encode("utf-16-le"),
                         headers={"content-type": "text/plain"}), 400, "encoding")
    detail = _problem(client.post("/v1/parse", files={"file": ("old.doc", b"\xd0\xcf\x11\xe0")}), 415,
                      "unsupported")["detail"]
    assert "old.doc" in detail
    _problem(client.post("/v1/parse", content=b"<x/>", headers={"content-type": "application/xml"}), 415,
             "unsupported")
    _problem(client.post("/v1/parse", files={"other": ("a.txt", SEED.encode())}), 400, "bad_request")
    _problem(client.get("/v1/nothing-here"), 404, "not_found")
    _problem(client.get("/v1/parse"), 405, "method_not_allowed")


def test_a_body_over_the_limit_is_413_and_a_slow_notice_503_with_its_worker_replaced():
    with _client(workers=1, max_bytes=2000, timeout=60) as c:
        body = _problem(c.post("/v1/parse", json={"text": SEED * 40}), 413, "too_large")
        assert "2000" in body["detail"]
        _problem(c.post("/v1/parse", files={"file": ("big.txt", SEED.encode() * 40)}), 413, "too_large")
        assert c.post("/v1/parse", json={"text": SEED}).status_code == 200
    slow = (Path(seed("000")).read_text(encoding="utf-8") + "\n") * 60  # about a second of parsing
    with _client(workers=1, timeout=0.2) as c:
        r = c.post("/v1/parse", json={"text": slow})
        assert "longer than 0.2 s" in _problem(r, 503, "timeout")["detail"]
        r = c.post("/v1/parse", json={"text": SEED})  # the replaced worker parses the next notice
        assert r.status_code == 200 and len(r.json()["tasks"]) == 1


def test_an_upload_is_never_written_to_disk(monkeypatch):
    import tempfile

    def no_disk(*a, **k):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_disk)
    big = b"\x00\x07" * 900_000  # 1.8 MB: past Starlette's 1 MB spool, refused by the loader, not by the disk
    with _client(workers=1, max_bytes=4_000_000) as c:
        _problem(c.post("/v1/parse", files={"file": ("big.txt", big)}), 422, "binary")


def test_a_full_service_answers_503_with_retry_after():
    slow = (Path(seed("000")).read_text(encoding="utf-8") + "\n") * 40
    with _client(workers=1, max_pending=1, timeout=60) as c:
        first: dict = {}
        t = threading.Thread(target=lambda: first.setdefault("r", c.post("/v1/parse", json={"text": slow})))
        t.start()
        for _ in range(200):
            if c.get("/healthz").json()["pending"] == 1:
                break
            time.sleep(0.01)
        r = c.post("/v1/parse", json={"text": SEED})
        _problem(r, 503, "busy")
        assert r.headers["retry-after"] == "1"
        t.join()
        assert first["r"].status_code == 200
        assert c.get("/healthz").json()["pending"] == 0
        assert c.post("/v1/parse", json={"text": SEED}).status_code == 200


def test_a_batch_streams_one_line_per_input_line_in_order(client):
    lines = [json.dumps({"text": SEED, "source": "a"}), "{not json",
             json.dumps({"text": "", "source": "c"}), "",
             json.dumps({"text": "Giao Sở Y tế kiểm tra an toàn thực phẩm.", "source": "d"})]
    r = client.post("/v1/parse-batch", content="\n".join(lines).encode(),
                    headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    out = [json.loads(x) for x in r.text.splitlines()]
    assert len(out) == 4  # the blank line is no request
    assert out[0]["document"]["source"] == "a" and len(out[0]["tasks"]) == 1
    assert out[1]["line"] == 2 and out[1]["kind"] == "bad_request"
    assert out[2] == {"line": 3, "source": "c", "kind": "empty", "message": "the text is empty"}
    assert out[3]["document"]["source"] == "d" and out[3]["tasks"][0]["action"].startswith("kiểm tra")


def test_the_token_guards_everything_but_health():
    with _client(workers=1, token=TOKEN) as c:
        r = c.post("/v1/parse", json={"text": SEED})
        _problem(r, 401, "unauthorized")
        assert r.headers["www-authenticate"].startswith("Bearer")
        _problem(c.get("/version", headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
        assert c.get("/healthz").status_code == 200
        ok = c.post("/v1/parse", json={"text": SEED}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and len(ok.json()["tasks"]) == 1
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")


def test_a_non_loopback_address_without_a_token_is_refused(tmp_path):
    r = subprocess.run([str(CLI), "serve", "--host", "0.0.0.0", "--port", "1"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "notice-parser: error: binding 0.0.0.0 (not loopback) needs a bearer token: give --token-file FILE"]
    short = tmp_path / "token"
    short.write_text("abc\n")
    r = subprocess.run([str(CLI), "serve", "--token-file", str(short)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "at least 16 characters" in r.stderr and "Traceback" not in r.stderr


def test_the_access_log_has_the_request_and_never_the_text(client, caplog):
    with caplog.at_level(logging.INFO, logger="notice_parser.access"):
        r = client.post("/v1/parse", json={"text": SEED}, headers={"X-Request-ID": "req-77"})
        client.post("/v1/parse", json={"text": ""})
    assert r.headers["x-request-id"] == "req-77"
    recs = [json.loads(m.getMessage()) for m in caplog.records if m.name == "notice_parser.access"]
    ok = next(x for x in recs if x["request_id"] == "req-77")
    assert ok["status"] == 200 and ok["path"] == "/v1/parse" and ok["tasks"] == 1
    assert ok["sha256"] == r.json()["document"]["content_hash"] and ok["ms"] > 0
    assert any(x["status"] == 422 and x["kind"] == "empty" for x in recs)
    assert not any("Sở Tài chính" in m.getMessage() for m in caplog.records)


def test_openapi_schema_and_version_are_published(client):
    doc = client.get("/openapi.json").json()
    assert set(doc["paths"]) >= {"/v1/parse", "/v1/parse-batch", "/v1/schema", "/healthz", "/version"}
    body = doc["paths"]["/v1/parse"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data", "text/plain"}
    assert "TaskGraph" in doc["components"]["schemas"]
    assert client.get("/v1/schema").json() == json_schema()
    v = client.get("/version").json()
    assert v["parser"] and v["schema_version"] == json_schema()["$id"].rsplit("-", 1)[1][:-5]
    assert len(v["rules"]) == 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real `notice-parser serve` on a free loopback port, stopped with SIGINT at the end."""
    port = _free_port()
    token = tmp_path_factory.mktemp("srv") / "token"
    token.write_text(TOKEN + "\n")
    log = tmp_path_factory.mktemp("srv") / "stderr.log"
    with open(log, "w") as err:
        proc = subprocess.Popen([str(CLI), "serve", "--port", str(port), "--workers", "2", "--token-file",
                                 str(token), "--log-level", "warning"], stderr=err)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    yield base, proc, log
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)


def _post(url, data: bytes, ctype: str, token: str = TOKEN):
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": ctype, "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("content-type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type"), e.read()


def test_a_real_server_on_loopback(server):
    base, proc, log = server
    status, ctype, body = _post(base + "/v1/parse", json.dumps({"text": SEED}).encode(), "application/json")
    assert status == 200 and ctype == "application/json"
    assert json.loads(body)["tasks"][0]["deadline"]["date"] == "2019-10-15"
    status, ctype, body = _post(base + "/v1/parse", b"{}", "application/json", token="not-the-token-at-all")
    assert status == 401 and ctype == "application/problem+json"
    assert proc.poll() is None
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    assert any(x["path"] == "/v1/parse" and x["status"] == 200 and x["tasks"] == 1 for x in lines)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(server):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, settings

    from schemathesis.checks import positive_data_acceptance

    @schemathesis.serializer("application/x-ndjson")
    def _ndjson(_ctx, value):  # the documented array, one item per line
        items = value if isinstance(value, list) else [value]
        return "\n".join(json.dumps(v, ensure_ascii=False) for v in items).encode("utf-8", "surrogatepass")

    base, _, _ = server
    schema = schemathesis.openapi.from_url(base + "/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"})
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15")), deadline=None,
                  suppress_health_check=list(HealthCheck), database=None)
        def check(strategy_case):
            # Whether a schema-valid text is a notice is the parser's judgement, answered 422 as documented;
            # every other check (no 5xx, documented status and content type, bodies that match their schema,
            # invalid input refused) stays on.
            strategy_case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"},
                                            excluded_checks=[positive_data_acceptance])

        from hypothesis import given

        try:
            given(operation.as_strategy())(check)()
        except Exception as e:  # collect every operation's failure before failing
            failures.append(f"{operation.label}: {str(e)[:500]}")
    assert not failures, "\n".join(failures)


def test_without_the_server_extra_serve_says_how_to_get_it():
    code = ("import sys; sys.modules['uvicorn'] = None; sys.modules['fastapi'] = None\n"
            "from notice_parser.cli import main; sys.exit(main(['serve']))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip() == ("notice-parser: error: the HTTP service needs the server extra: "
                                "pip install 'notice-parser[server]'")
