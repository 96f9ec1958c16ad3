"""The HTTP service: a tracking system in any language POSTs a notice and gets its task graph back.

Install it with the ``server`` extra (``pip install 'notice-parser[server]'``: FastAPI, uvicorn,
python-multipart, pebble) and start it with ``notice-parser serve``. Endpoints (all JSON, UTF-8):

* ``POST /v1/parse`` — one notice → one TaskGraph (the schema ``GET /v1/schema`` publishes). The body is
  either JSON ``{"text": "...", "source": "...", "reference_date": "YYYY-MM-DD"}`` (only ``text`` is
  required), a multipart upload with a ``file`` field (.txt/.html/.docx/.pdf, the format from its name)
  and optional ``source`` and ``reference_date`` fields, or the notice itself as ``text/plain``.
* ``POST /v1/parse-batch`` — JSON Lines in (one JSON request per line), JSON Lines out, streamed in
  input order: a TaskGraph per line, or an error record ``{"line", "source", "kind", "message"}`` — the
  same kinds as the CLI's ``OUT.errors.jsonl``.
* ``GET /v1/schema``, ``GET /healthz``, ``GET /version`` (parser, schema and rules versions), and
  ``GET /openapi.json`` (OpenAPI 3.1, generated from the pydantic models).

Errors are RFC 9457 problem details (``application/problem+json``: ``type``, ``title``, ``status``,
``detail``, plus ``kind`` and ``request_id``), never a traceback: 400 bad input (bad JSON, a bad field, text
that is not valid Unicode), 401 no or wrong bearer token, 413 over the size limit, 415 a format the parser
does not read, 422 not a notice (empty, binary, no letters, a legacy font encoding), 503 busy (with
``Retry-After``) or a notice that took longer than the time limit, 500 a parser bug (logged, not shown).

Parsing runs in a pool of worker processes (``workers``); a notice that takes longer than ``timeout``
seconds gets 503 and its worker is killed and replaced (pebble). At most ``max_pending`` requests are
parsed or queued at once; the next gets 503 at once. Each request writes one JSON access-log line
(request id, method, path, status, milliseconds, the notice's sha256 and task count — never its text).
A bearer token (``token``, compared in constant time) guards every endpoint but ``/healthz``; ``serve``
refuses to bind a non-loopback address without one. Request bodies, uploads included, are read into memory
within the size limit and never written to disk.

Importing this module raises ``ImportError`` with the install hint when the ``server`` extra is missing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hmac
import ipaddress
import json
import logging
import sys
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

try:
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response, StreamingResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as e:  # pragma: no cover - depends on the installation
    raise ImportError("the HTTP service needs the server extra: pip install 'notice-parser[server]'") from e

from ._version import __version__
from .load import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, NoticeError
from .schema import SCHEMA_VERSION, TaskGraph, json_schema

# The HTTP status of each error kind (the kinds of the CLI's error records, plus the service's own).
STATUS = {
    "bad_request": 400, "encoding": 400, "unreadable": 400,
    "unauthorized": 401, "not_found": 404, "method_not_allowed": 405,
    "too_large": 413, "unsupported": 415,
    "empty": 422, "no_text": 422, "binary": 422, "legacy_encoding": 422,
    "busy": 503, "timeout": 503,
    "internal": 500,
}
TITLES = {
    400: "Bad input", 401: "Unauthorized", 404: "Not found", 405: "Method not allowed", 413: "Too large",
    415: "Unsupported format", 422: "Not a notice", 500: "Internal error", 503: "Busy",
}
PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "https://notice-parser.invalid/problems/"  # + kind; a stable name, not a page to fetch
LOOPBACK_NAMES = {"localhost", "ip6-localhost"}
access_log = logging.getLogger("notice_parser.access")


class ParseRequest(BaseModel):
    """One notice to parse, as JSON."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The text of the notice (UTF-8 JSON string). An empty text, one with no letters, "
                      "mostly control characters or in a legacy font encoding is answered 422 (not a notice).")
    source: Optional[str] = Field(None, description="A name for it (a path, an id); echoed in document.source.")
    reference_date: Optional[date] = Field(
        None, description="Resolve deadlines against this date (YYYY-MM-DD) instead of the notice's own date.")


class Problem(BaseModel):
    """An error as RFC 9457 problem details."""

    type: str = Field(description=PROBLEM_TYPE + "<kind>")
    title: str
    status: int
    detail: str
    kind: str = Field(description="What went wrong, as in the CLI's error records: " + ", ".join(sorted(STATUS)))
    request_id: Optional[str] = None


class VersionInfo(BaseModel):
    parser: str
    schema_version: str
    rules: str


class Health(BaseModel):
    status: str
    workers: int
    pending: int


@dataclass
class Settings:
    """What ``create_app`` takes. Sizes in bytes, times in seconds."""

    workers: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 60.0
    max_pending: Optional[int] = None  # default: 8 per worker
    token: Optional[str] = None
    cors_origins: list[str] = field(default_factory=list)
    rules_dirs: tuple = ()

    def pending_limit(self) -> int:
        return self.max_pending if self.max_pending is not None else 8 * self.workers


class ProblemError(Exception):
    """Raised inside a request to answer with problem details."""

    def __init__(self, kind: str, detail: str, headers: Optional[dict] = None):
        super().__init__(detail)
        self.kind, self.detail, self.headers = kind, detail, headers or {}


# ---------------------------------------------------------------------------------------------------- workers
_RULES_DIRS: tuple = ()


def _init_worker(rules_dirs: tuple) -> None:
    global _RULES_DIRS
    _RULES_DIRS = tuple(rules_dirs)
    from .rules import load_rules

    load_rules(_RULES_DIRS)


def _parse_job(payload: dict) -> dict:
    """Runs in a worker: one request → {"graph": JSON text, "tasks": n, "sha256": …} or {"kind", "message"}."""
    from .load import load_bytes
    from .pipeline import parse, parse_loaded

    source = payload.get("source")
    try:
        if "data" in payload:
            loaded = load_bytes(payload["data"], source or payload["name"], payload["suffix"])
            graph = parse_loaded(loaded, source or payload["name"], reference_date=payload.get("reference_date"),
                                 rules_dirs=_RULES_DIRS)
        else:
            graph = parse(payload["text"], source=source, reference_date=payload.get("reference_date"),
                          rules_dirs=_RULES_DIRS)
    except NoticeError as e:
        return {"kind": e.kind, "message": e.message}
    except Exception as e:  # a parser bug: logged with its type by the service, answered as 500
        import traceback

        return {"kind": "internal", "message": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()}
    return {"graph": graph.model_dump_json(), "tasks": len(graph.tasks), "sha256": graph.document.content_hash}


class _Pool:
    """A pebble process pool with a time limit per job and a cap on what is in flight."""

    def __init__(self, settings: Settings):
        from pebble import ProcessPool

        from .pipeline import warm_up

        warm_up(settings.rules_dirs)  # rules compiled once, before the workers fork
        self.settings = settings
        self.pending = 0
        self.pool = ProcessPool(max_workers=settings.workers, initializer=_init_worker,
                                initargs=(tuple(str(d) for d in settings.rules_dirs),))

    def close(self) -> None:
        self.pool.stop()
        self.pool.join(timeout=10)

    async def run(self, payload: dict) -> dict:
        """One job; ``{"kind": "timeout"}`` when it runs over the limit (the worker is killed and replaced)."""
        future = self.pool.schedule(_parse_job, args=(payload,), timeout=self.settings.timeout)
        try:
            return await asyncio.wrap_future(future)
        except concurrent.futures.TimeoutError:
            return {"kind": "timeout", "message": f"parsing took longer than {self.settings.timeout:g} s; "
                                                   "the worker was stopped"}
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as e:  # the worker died (killed, out of memory): the pool replaces it
            return {"kind": "internal", "message": f"the worker stopped: {type(e).__name__}: {e}"}


# ---------------------------------------------------------------------------------------------------- the app
def create_app(settings: Optional[Settings] = None):
    """The FastAPI application (``uvicorn`` serves it; tests use its test client)."""
    settings = settings or Settings()
    state: dict = {}

    def pool() -> _Pool:  # started by the lifespan, or at the first request when a host skips the lifespan
        if "pool" not in state:
            state["pool"] = _Pool(settings)
        return state["pool"]

    @asynccontextmanager
    async def lifespan(_app):
        pool()
        try:
            yield
        finally:
            if "pool" in state:
                state.pop("pool").close()

    app = FastAPI(
        title="notice-parser", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Vietnamese official notices → task graphs (who must do what, with whom, by when). "
                    f"Task graphs follow schema {SCHEMA_VERSION} (GET /v1/schema). Errors are RFC 9457 problem "
                    "details with a `kind`.",
    )
    _add_error_handlers(app)
    _add_middleware(app, settings)
    errors = {s: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": TITLES[s]}
              for s in (400, 401, 413, 415, 422, 500, 503)}
    _add_parse_routes(app, settings, pool, errors)
    _add_info_routes(app, settings, state, errors)
    return app


def _problem_response(request: Request, kind: str, detail: str, headers: Optional[dict] = None) -> Response:
    """An RFC 9457 problem answer of ``kind`` (its status from ``STATUS``), with the request's id."""
    status = STATUS.get(kind, 400)
    body = Problem(type=PROBLEM_TYPE + kind, title=TITLES.get(status, "Error"), status=status, detail=detail,
                   kind=kind, request_id=request.scope.get("state", {}).get("request_id"))
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _add_error_handlers(app) -> None:
    """Every error answered as a problem: ours, invalid requests, HTTP errors, and a bug (logged, answered 500)."""

    @app.exception_handler(ProblemError)
    async def _problem_error(request: Request, e: ProblemError):
        return _problem_response(request, e.kind, e.detail, e.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError):
        return _problem_response(request, "bad_request", _validation_detail(e.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException):
        kind = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "bad_request")
        return _problem_response(request, kind, str(e.detail), getattr(e, "headers", None))

    @app.exception_handler(Exception)
    async def _bug(request: Request, e: Exception):
        logging.getLogger("notice_parser.server").exception("internal error")
        return _problem_response(request, "internal", "an internal error; it has been logged")


def _add_middleware(app, settings: Settings) -> None:
    """The bearer token check, CORS when origins are set, and the access log (outermost)."""

    @app.middleware("http")
    async def _auth(request: Request, call_next):
        if settings.token and request.url.path != "/healthz" and request.method != "OPTIONS":
            given = request.headers.get("authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.token.encode()):
                return _problem_response(request, "unauthorized",
                                         "a bearer token is required (Authorization: Bearer …)",
                                         {"WWW-Authenticate": 'Bearer realm="notice-parser"'})
        return await call_next(request)

    # The last added is the outermost: the access log sees every answer, the 401s and CORS preflights too.
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-Request-ID"])
    app.add_middleware(_AccessLog)


def _add_parse_routes(app, settings: Settings, pool, errors: dict) -> None:
    """POST /v1/parse (one notice) and POST /v1/parse-batch (JSON Lines in, JSON Lines streamed out); ``pool()``
    gives the worker pool."""

    @app.post("/v1/parse", response_model=TaskGraph, responses=errors, summary="Parse one notice",
              openapi_extra={"requestBody": _parse_body()})
    async def parse_one(request: Request):
        payload = await _payload(request, settings)
        result = await _run(request, pool(), settings, payload)
        if "graph" not in result:
            raise ProblemError(result["kind"], _detail(result, payload))
        return Response(result["graph"], media_type="application/json")

    @app.post("/v1/parse-batch", responses={**errors, 200: {
        "description": "JSON Lines: a TaskGraph or an error record {line, source, kind, message} per input line",
        "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}},
        summary="Parse notices given as JSON Lines; results streamed as JSON Lines, in input order",
        openapi_extra={"requestBody": {"required": True, "content": {"application/x-ndjson": {"schema": {
            "type": "array", "items": ParseRequest.model_json_schema(),
            "description": "One ParseRequest JSON object per line (the array's items, one per line)"}}}}})
    async def parse_batch(request: Request):
        lines = (await _read_body(request, settings.max_bytes)).decode("utf-8", errors="replace").splitlines()
        jobs = pool()
        _check_capacity(jobs, settings)
        log = request.scope.setdefault("state", {}).setdefault("log", {})
        log.update(lines=0, tasks=0, errors=0)

        async def results():
            jobs.pending += 1  # counted while it streams: a client gone before the first line holds nothing
            try:
                async for rec in _batch(lines, jobs, settings.workers):
                    log["lines"] += 1
                    log["tasks"] += rec.pop("_tasks", 0)
                    log["errors"] += "kind" in rec
                    yield (rec["_graph"] if "_graph" in rec else json.dumps(rec, ensure_ascii=False)) + "\n"
            finally:
                jobs.pending -= 1

        return StreamingResponse(results(), media_type="application/x-ndjson")


def _add_info_routes(app, settings: Settings, state: dict, errors: dict) -> None:
    """GET /v1/schema, /healthz (no token needed; ``state`` holds the pool once started) and /version."""

    @app.get("/v1/schema", summary="The JSON Schema of a task graph")
    async def schema():
        return JSONResponse(json_schema())

    @app.get("/healthz", response_model=Health, summary="Liveness (no token needed)")
    async def healthz():
        return Health(status="ok", workers=settings.workers, pending=state["pool"].pending if "pool" in state else 0)

    @app.get("/version", response_model=VersionInfo, responses={401: errors[401]},
             summary="Parser, schema and rules versions")
    async def version():
        from .rules import load_rules

        return VersionInfo(parser=__version__, schema_version=SCHEMA_VERSION,
                           rules=load_rules(settings.rules_dirs).version)


def _parse_body() -> dict:
    """The OpenAPI request body of /v1/parse: JSON, a multipart upload or plain text."""
    return {"required": True, "content": {
        "application/json": {"schema": ParseRequest.model_json_schema()},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The notice file; its name's suffix gives the format: "
                                        + ", ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))},
                "source": {"type": "string"},
                "reference_date": {"type": "string", "format": "date"}}}},
        "text/plain": {"schema": {"type": "string", "description": "The text of the notice"}},
    }}


def _validation_detail(errors) -> str:
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))


def _detail(result: dict, payload: dict) -> str:
    name = payload.get("source") or payload.get("name")
    return f"{name}: {result['message']}" if name and not result["message"].startswith(str(name)) else result["message"]


async def _read_body(request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProblemError("too_large", f"{declared} bytes is over the limit of {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError("too_large", f"the body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _payload(request, settings: Settings) -> dict:
    """The job for one /v1/parse request, from whichever body it has."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request, settings.max_bytes)  # within the limit, before any parsing
    if ctype == "application/json" or ctype.endswith("+json"):
        try:
            req = ParseRequest.model_validate_json(body)
        except ValidationError as e:
            raise ProblemError("bad_request", _validation_detail(e.errors())) from None
        return {"text": req.text, "source": req.source, "reference_date": req.reference_date}
    if ctype == "multipart/form-data":
        return await _upload(request, body, settings)
    if ctype in ("text/plain", ""):
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ProblemError("encoding", f"the body is not UTF-8 (byte 0x{body[e.start]:02x} at offset "
                                           f"{e.start}); send a file upload for other encodings") from None
        return {"text": text, "source": request.query_params.get("source"),
                "reference_date": _date_field(request.query_params.get("reference_date"))}
    raise ProblemError("unsupported", f"content type {ctype!r}: send application/json, multipart/form-data "
                                      "(a file) or text/plain")


async def _upload(request, body: bytes, settings: Settings) -> dict:
    from starlette.formparsers import MultiPartParser

    async def stream():  # the body already read within the limit
        yield body

    parser = MultiPartParser(request.headers, stream(), max_files=1, max_fields=8, max_part_size=settings.max_bytes)
    parser.spool_max_size = settings.max_bytes + 1  # the body is already bounded and in memory: never spill to disk
    try:
        form = await parser.parse()
    except Exception as e:  # a malformed multipart body
        raise ProblemError("bad_request", f"not a readable multipart body: {getattr(e, 'detail', e)}") from None
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ProblemError("bad_request", "the multipart body has no 'file' part")
    name = Path(upload.filename or "upload.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ProblemError("unsupported", f"{name}: {suffix or 'no suffix'} is not a format the parser reads "
                                          "(.txt, .html, .docx, .pdf)")
    data = await upload.read()
    await upload.close()
    source = form.get("source")
    return {"data": data, "name": name, "suffix": suffix or ".txt",
            "source": source if isinstance(source, str) and source else None,
            "reference_date": _date_field(form.get("reference_date"))}


def _date_field(value) -> Optional[date]:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ProblemError("bad_request", f"reference_date: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_capacity(pool: _Pool, settings: Settings) -> None:
    """503 busy (with Retry-After) when ``max_pending`` requests are already in hand."""
    if pool.pending >= settings.pending_limit():
        raise ProblemError("busy", f"{pool.pending} requests are being parsed; try again shortly",
                           {"Retry-After": "1"})


async def _run(request, pool: _Pool, settings: Settings, payload: dict) -> dict:
    _check_capacity(pool, settings)
    pool.pending += 1
    try:
        result = await pool.run(payload)
    finally:
        pool.pending -= 1
    log = request.scope.setdefault("state", {}).setdefault("log", {})
    if "graph" in result:
        log.update(sha256=result["sha256"], tasks=result["tasks"])
    else:
        log["kind"] = result["kind"]
        if result["kind"] == "internal":
            logging.getLogger("notice_parser.server").error("parser error: %s\n%s", result["message"],
                                                            result.get("traceback", ""))
            result = {"kind": "internal", "message": "an internal error; it has been logged"}
    return result


async def _batch(lines: list[str], pool: _Pool, width: int):
    """Parse JSON-Lines requests with at most ``width`` jobs in flight; yield results in input order."""
    jobs: list = []

    def submit(n: int, line: str):
        try:
            req = ParseRequest.model_validate_json(line)
        except ValidationError as e:
            rec = {"line": n, "source": None, "kind": "bad_request", "message": _validation_detail(e.errors())}
            return None, rec
        payload = {"text": req.text, "source": req.source, "reference_date": req.reference_date}
        return asyncio.ensure_future(pool.run(payload)), {"line": n, "source": req.source}

    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    it = iter(numbered)
    try:
        for n, line in it:
            jobs.append(submit(n, line))
            if len([j for j in jobs if j[0] is not None]) >= width:
                break
        while jobs:
            task, rec = jobs.pop(0)
            if task is not None:
                result = await task
                if "graph" in result:
                    rec = {"_graph": result["graph"], "_tasks": result["tasks"]}
                else:
                    message = result["message"] if result["kind"] != "internal" else "an internal error"
                    rec = {**rec, "kind": result["kind"], "message": message}
            yield rec
            for n, line in it:
                jobs.append(submit(n, line))
                if jobs[-1][0] is not None:
                    break
    finally:
        for task, _ in jobs:
            if task is not None:
                task.cancel()


class _AccessLog:
    """One JSON line per request on the ``notice_parser.access`` logger, written when the response ends."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        t0 = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        rid = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex
        st = scope.setdefault("state", {})
        st["request_id"] = rid
        status = {"code": 500}

        async def send_logged(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", rid.encode("latin-1"))]
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                rec = {"request_id": rid, "method": scope["method"], "path": scope["path"],
                       "status": status["code"], "ms": round((time.perf_counter() - t0) * 1000, 1)}
                rec.update(st.get("log", {}))
                access_log.info(json.dumps(rec, ensure_ascii=False))

        await self.app(scope, receive, send_logged)


# ---------------------------------------------------------------------------------------------------- serve
def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8080, settings: Optional[Settings] = None,
          log_level: str = "info") -> None:
    """Run the service with uvicorn until interrupted. Raises ``ValueError`` for a non-loopback ``host``
    without a token."""
    import uvicorn

    settings = settings or Settings()
    if not is_loopback(host) and not settings.token:
        raise ValueError(f"binding {host} (not loopback) needs a bearer token: give --token-file FILE")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.propagate = False
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=10)


def read_token(path: Path) -> str:
    """The token in ``path`` (its first line, stripped). Raises ``ValueError`` for an empty or unreadable file."""
    try:
        token = path.read_text(encoding="utf-8").strip().splitlines()[0].strip() if path.stat().st_size else ""
    except (OSError, UnicodeDecodeError, IndexError) as e:
        raise ValueError(f"{path}: cannot read the token ({getattr(e, 'strerror', None) or e})") from None
    if len(token) < 16:
        raise ValueError(f"{path}: the token must be at least 16 characters")
    return token


__all__ = ["create_app", "serve", "Settings", "ParseRequest", "Problem", "is_loopback", "read_token"]
