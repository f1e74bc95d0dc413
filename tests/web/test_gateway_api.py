"""The gateway's JSON API, specified through HTTP against the real app.

Rasa is played by `StubRasa`, a real server on loopback (see conftest.py).
"""

from __future__ import annotations

import json

import pytest
from starlette.routing import Route

from harbor.center import load_center
from harbor.stack import free_port
from safety.replies import service_unavailable_message
from tests.web.servers import EMBEDDING_ORIGIN, StubRasa
from tests.web.visitor import Visitor
from web.visitor.payloads import MAX_BODY_BYTES, MAX_TEXT_CHARS
from web.visitor.widget_config import crisis_link

# --- health ---------------------------------------------------------------------------


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_readyz_is_ok_when_rasa_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "rasa": "up"}


def test_readyz_is_unavailable_when_rasa_is_down(make_client):
    response = make_client(free_port()).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "rasa": "down"}


# --- conversations --------------------------------------------------------------------


def test_a_new_conversation_gets_an_id_and_a_token(client):
    response = client.post("/api/conversations")
    assert response.status_code == 201
    body = response.json()
    assert len(body["conversation_id"]) == 32
    assert len(body["token"]) >= 43


def test_conversation_ids_are_never_reused(client):
    ids = {client.post("/api/conversations").json()["conversation_id"] for _ in range(20)}
    assert len(ids) == 20


def test_a_message_gets_the_bots_replies_with_timestamps(visitor):
    response = visitor.say("hello there")
    assert response.status_code == 200
    [reply] = response.json()["messages"]
    assert reply["text"] == "You said: hello there"
    assert reply["buttons"] == []
    assert reply["timestamp"].endswith("+00:00")


def test_buttons_come_back_with_title_and_payload(visitor):
    [reply] = visitor.say("buttons please").json()["messages"]
    assert reply["buttons"] == [
        {"title": "Tell me about DBT", "payload": '/pick{"topic": "dbt"}'},
        {"title": "Yes", "payload": "/pick_yes"},
    ]


def test_rasa_hears_the_conversation_id_as_sender(visitor, stub_rasa):
    visitor.say("hello")
    assert stub_rasa.received == [{"sender": visitor.id, "message": "hello"}]


def test_a_token_from_another_replica_with_the_same_key_is_accepted(make_client, stub_rasa):
    visitor = Visitor(make_client(stub_rasa.port))
    other_replica = make_client(stub_rasa.port)
    response = other_replica.post(visitor.url, json={"text": "hi"}, headers=visitor.auth)
    assert response.status_code == 200


# --- who may write to a conversation ------------------------------------------------------


@pytest.mark.parametrize(
    ("authorization", "status", "error"),
    [
        (None, 401, "missing_token"),
        ("", 401, "missing_token"),
        ("Bearer ", 401, "missing_token"),
        ("Basic dXNlcjpwYXNz", 401, "missing_token"),
        ("Bearer not-the-token", 403, "forbidden"),
    ],
)
def test_a_message_without_the_right_token_is_refused(visitor, authorization, status, error):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = visitor.client.post(visitor.url, json={"text": "hi"}, headers=headers)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_one_visitors_token_does_not_open_another_conversation(client, stub_rasa):
    alice, mallory = Visitor(client), Visitor(client)
    response = client.post(alice.url, json={"text": "hi"}, headers=mallory.auth)
    assert response.status_code == 403
    assert stub_rasa.received == []


def test_a_missing_token_asks_for_bearer_authentication(visitor):
    response = visitor.client.post(visitor.url, json={"text": "hi"})
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("conversation_id", ["short", "x" * 33, "has.a.dot-but-32-characters-long"])
def test_a_malformed_conversation_id_is_not_found(visitor, conversation_id):
    response = visitor.client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hi"}, headers=visitor.auth
    )
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_conversation"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b'{"text": ""}', 422, "empty_text"),
        (b'{"text": "   \\n\\t  "}', 422, "empty_text"),
        (b'{"text": "\\u0000\\u0007\\u001b"}', 422, "empty_text"),
        (b'{"text": "\\ud800"}', 422, "empty_text"),
        (json.dumps({"text": "a" * (MAX_TEXT_CHARS + 1)}).encode(), 422, "text_too_long"),
        (b'{"text": ', 400, "invalid_json"),
        (b"", 400, "invalid_json"),
        (b"[" * 10_000, 400, "invalid_json"),
        (b'{"text": "hi", "n": ' + b"9" * 5_000 + b"}", 400, "invalid_json"),
        (b'{"text": "caf\xe9"}', 400, "invalid_encoding"),
        (b'["hello"]', 422, "invalid_message"),
        (b'{"text": 5}', 422, "invalid_message"),
        (b'{"message": "hello"}', 422, "invalid_message"),
        (b"null", 422, "invalid_message"),
    ],
    ids=[
        "empty",
        "whitespace only",
        "control characters only",
        "lone surrogate only",
        "over the length limit",
        "truncated JSON",
        "no body",
        "deeply nested",
        "over-long number",
        "invalid UTF-8",
        "JSON list",
        "text not a string",
        "no text field",
        "JSON null",
    ],
)
def test_bad_input_gets_a_clear_json_error(visitor, stub_rasa, body, status, error):
    response = visitor.post_raw(body)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["detail"]
    assert stub_rasa.received == []


@pytest.mark.parametrize(
    ("sent", "rasa_hears"),
    [
        ("hel\u0000lo", "hello"),
        ("  padded  ", "padded"),
        ("line one\r\nline two", "line one\nline two"),
        ("tab\tkept", "tab\tkept"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        ("emoji \U0001f642 and accents caf\u00e9", "emoji \U0001f642 and accents caf\u00e9"),
        ("half a pair \ud83d", "half a pair"),
    ],
)
def test_control_characters_are_stripped_before_rasa_hears_them(
    visitor, stub_rasa, sent, rasa_hears
):
    response = visitor.post_raw(json.dumps({"text": sent}).encode())
    assert response.status_code == 200
    assert stub_rasa.received[-1]["message"] == rasa_hears


def test_a_message_of_exactly_the_length_limit_is_accepted(visitor):
    assert visitor.say("a" * MAX_TEXT_CHARS).status_code == 200


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_body_that_is_not_json_is_unsupported(visitor, content_type):
    response = visitor.post_raw(b'{"text": "hi"}', content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"


def test_json_with_a_charset_parameter_is_accepted(visitor):
    response = visitor.post_raw(b'{"text": "hi"}', content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_an_oversized_body_is_refused_by_its_declared_length(visitor):
    response = visitor.post_raw(b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}')
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"


def test_an_oversized_body_is_refused_while_streaming_without_a_length(visitor, stub_rasa):
    def chunks():
        yield b'{"text": "'
        for _ in range(64):
            yield b"a" * 1024
        yield b'"}'

    response = visitor.post_raw(chunks())
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert stub_rasa.received == []


def test_an_unexpected_error_answers_in_json_without_a_traceback(client):
    def fail(request):
        raise RuntimeError("a secret detail of the server")

    client.app.router.routes.append(Route("/api/fail", fail))
    response = client.get("/api/fail")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "secret detail" not in response.text
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/api/nothing-here", 404, "not_found"),
        ("GET", "/api/conversations", 405, "method_not_allowed"),
        ("DELETE", "/api/conversations", 405, "method_not_allowed"),
    ],
)
def test_unknown_routes_and_methods_answer_in_json(client, method, path, status, error):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["error"] == error


# --- Rasa down, slow or broken ---------------------------------------------------------------


@pytest.mark.parametrize("behaviour", ["slow", "error", "garbage"])
def test_a_rasa_that_fails_gives_503_with_the_safety_message(make_client, behaviour):
    with StubRasa(behaviour) as stub:
        response = Visitor(make_client(stub.port)).say("hello")
    assert_unavailable(response)


def test_rasa_down_gives_503_with_the_safety_message(make_client):
    assert_unavailable(Visitor(make_client(free_port())).say("hello"))


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "assistant_unavailable"
    assert [m["text"] for m in body["messages"]] == [service_unavailable_message()]
    assert "Traceback" not in response.text


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/healthz"),
        ("GET", "/api/config"),
        ("GET", "/static/widget.js"),
        ("GET", "/static/missing.js"),
        ("POST", "/api/conversations"),
        ("POST", "/api/conversations/x/messages"),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path):
    headers = client.request(method, path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert f"frame-ancestors 'self' {EMBEDDING_ORIGIN}" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_api_answers_are_never_cached(visitor):
    assert visitor.say("hi").headers["Cache-Control"] == "no-store"


def test_an_allowed_embedding_site_may_call_the_api(client):
    response = client.options(
        "/api/conversations",
        headers={
            "Origin": EMBEDDING_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == EMBEDDING_ORIGIN


def test_another_site_may_not_call_the_api(client):
    response = client.options(
        "/api/conversations",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers


# --- what the widget and the page are given -----------------------------------------------------


def test_the_widget_config_carries_the_crisis_link_from_the_safety_resources(client):
    config = client.get("/api/config").json()
    link = crisis_link()
    assert config["crisis_link"] == {"label": link.label, "href": link.href}
    assert link.href.startswith("tel:")
    assert link.href.removeprefix("tel:") in link.label


def test_the_widget_config_carries_the_notice_and_the_length_limit(client):
    config = client.get("/api/config").json()
    assert "automated assistant, not a clinician" in config["notice"]
    assert "full name or address" in config["notice"]
    assert config["max_message_length"] == MAX_TEXT_CHARS


def test_the_demo_page_names_the_center_and_embeds_the_widget(client):
    page = client.get("/").text
    assert load_center().name in page
    assert "dual diagnosis" in page
    assert '<script src="/static/widget.js"' in page
    assert "<script>" not in page  # no inline script: the CSP would block it anyway
