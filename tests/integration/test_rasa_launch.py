"""How the stack starts Rasa: the API off unless asked for, and then only with a token
that no command line shows; bind and dial addresses apart; secrets made private."""

from __future__ import annotations

import stat

import pytest

from harbor.private_files import private_file, private_secret
from harbor.rasa_server import MissingApiToken, rasa_arguments
from harbor.settings import Settings
from harbor.stack import rasa_server, rasa_shell


def test_by_default_rasa_serves_no_api():
    arguments = rasa_arguments(Settings())
    assert "--enable-api" not in arguments
    assert "--auth-token" not in arguments


def test_with_the_api_on_rasa_requires_the_token():
    arguments = rasa_arguments(Settings(rasa_api_enabled=True, rasa_api_token="t0ken"))
    assert arguments[arguments.index("--auth-token") + 1] == "t0ken"
    assert "--enable-api" in arguments


def test_the_api_without_a_token_refuses_to_start():
    with pytest.raises(MissingApiToken):
        rasa_arguments(Settings(rasa_api_enabled=True))


def test_the_launcher_passes_no_token_on_the_command_line():
    settings = Settings(rasa_api_enabled=True, rasa_api_token="t0ken")
    assert "t0ken" not in " ".join(rasa_server(settings).command)


def test_rasa_binds_its_own_address_and_the_gateway_dials_another():
    settings = Settings(rasa_bind_host="0.0.0.0", rasa_host="rasa.internal")
    arguments = rasa_arguments(settings)
    assert arguments[arguments.index("--interface") + 1] == "0.0.0.0"
    assert settings.rasa_url == "http://rasa.internal:5005"


@pytest.mark.parametrize(
    "arguments",
    [rasa_arguments(Settings()), rasa_shell(Settings()).command],
    ids=["rasa run", "rasa shell"],
)
def test_rasa_binds_loopback_by_default(arguments):
    assert arguments[arguments.index("--interface") + 1] == "127.0.0.1"
    assert "--enable-api" not in arguments


@pytest.mark.parametrize(
    ("environment", "enabled"),
    [({}, False), ({"HARBOR_RASA_API": "false"}, False), ({"HARBOR_RASA_API": "true"}, True)],
)
def test_the_api_is_off_unless_the_environment_turns_it_on(monkeypatch, environment, enabled):
    monkeypatch.setenv("HARBOR_RASA_TOKEN", "from-the-environment")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert settings.rasa_api_enabled is enabled
    assert settings.rasa_api_token == ("from-the-environment" if enabled else "")


def test_settings_survive_the_trip_through_the_environment(monkeypatch):
    settings = Settings(
        rasa_bind_host="0.0.0.0",
        rasa_api_enabled=True,
        rasa_api_token="t0ken",
        trusted_proxies=("10.0.0.1", "192.168.0.0/16"),
        redis_url="redis://127.0.0.1:6379/3",
        rate_limit_per_address="5/minute",
        secret_key="k",
    )
    for name, value in settings.as_env().items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env() == settings


def test_a_generated_secret_is_private_and_kept(tmp_path):
    path = tmp_path / "var" / "secret"
    first = private_secret(path)
    assert private_secret(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_shared_folder_is_left_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    private_file(shared / "tracker.db")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "tracker.db").stat().st_mode) == 0o600
