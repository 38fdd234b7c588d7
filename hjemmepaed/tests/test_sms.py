"""The SMS gateway adapter against a real HTTP server on this machine."""

import json

import pytest

from hjemmepaed.sms import HttpSmsGateway, SmsError, SmsNotConfigured, sms_gateway, sms_number

pytest_plugins = ["hjemmepaed.tests.sms_server"]


def test_the_gateway_gets_json_to_and_message_with_the_bearer_key(sms_server):
    sms_gateway().send(to="+4520304050", message="http://127.0.0.1:8000/s/abc/")

    (request,) = sms_server.requests
    assert request["path"] == "/sms"
    assert request["headers"]["Authorization"] == "Bearer test-gateway-key"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["raw"]) == {"to": "+4520304050", "message": "http://127.0.0.1:8000/s/abc/"}


def test_a_refusing_gateway_is_an_error_a_task_retries(sms_server):
    sms_server.status = 500
    with pytest.raises(SmsError) as error:
        sms_gateway().send(to="+4520304050", message="x")
    assert isinstance(error.value, OSError)
    assert "500" in str(error.value)


def test_an_unreachable_gateway_is_an_error_too():
    gateway = HttpSmsGateway(url="http://127.0.0.1:9/sms", key="k", timeout=2)
    with pytest.raises(SmsError):
        gateway.send(to="+4520304050", message="x")


def test_no_gateway_configured_sends_nothing(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(SmsNotConfigured):
        sms_gateway()


@pytest.mark.parametrize(
    ("typed", "number"),
    [("20 30 40 50", "+4520304050"), ("+45 20 30 40 50", "+4520304050"), ("20304050", "+4520304050")],
)
def test_a_stored_danish_number_becomes_plus_45_and_8_digits(typed, number):
    assert sms_number(typed) == number


@pytest.mark.parametrize("typed", ["", "2030 405", "+46 20 30 40 50", "0045 20304050 1"])
def test_anything_else_is_no_sms_number(typed):
    with pytest.raises(ValueError):
        sms_number(typed)


def test_the_adapter_refuses_a_foreign_number_before_sending(sms_server):
    with pytest.raises(ValueError):
        sms_gateway().send(to="+4620304050", message="x")
    assert sms_server.requests == []
