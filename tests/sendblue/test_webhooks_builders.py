"""Pure webhook-configuration builders and the config converter."""

import pytest

from sendblue_async import ValidationError, WebhookEntry, WebhookType, builders
from sendblue_async._convert import converter
from sendblue_async.models import WebhookConfig, WebhooksDeleted, WebhooksResponse
from transports import RequestSpec

HOOKS = "/api/account/webhooks"
URL = "https://example.com/hook"


def test_list_webhooks():
    assert builders.list_webhooks() == RequestSpec("GET", HOOKS, WebhooksResponse)


def test_add_webhooks_plain_url_and_object_entries():
    entry = WebhookEntry("https://example.com/b", secret="s3", sendblue_numbers=("+12125550101",))
    spec = builders.add_webhooks([URL, entry], webhook_type="receive", global_secret="g")
    assert spec == RequestSpec("POST", HOOKS, WebhooksResponse, json={
        "type": "receive",
        "webhooks": [URL, {"url": "https://example.com/b", "secret": "s3",
                           "sendblue_numbers": ["+12125550101"]}],
        "globalSecret": "g",
    })
    assert "s3" not in repr(spec) and "'g'" not in repr(spec)


def test_add_webhooks_without_a_type_sends_none():
    assert builders.add_webhooks([WebhookEntry(URL)]).json == {"webhooks": [URL]}


@pytest.mark.parametrize("webhook_type", sorted(WebhookType.ALL))
def test_add_webhooks_takes_every_documented_type(webhook_type):
    assert builders.add_webhooks([URL], webhook_type=webhook_type).json["type"] == webhook_type


@pytest.mark.parametrize(
    ("field", "entries", "kwargs"),
    [
        ("webhook_type", [URL], {"webhook_type": "future"}),
        ("webhooks", [WebhookEntry(URL, secret="s")], {"webhook_type": "contact_created"}),
        ("webhooks", [WebhookEntry(URL, sendblue_numbers=("+12125550101",))],
         {"webhook_type": "outbound"}),
        ("webhooks", ["ftp://example.com"], {}),
        ("webhooks", ["not a url"], {}),
        ("webhooks", [], {}),
        ("webhooks", URL, {}),
        ("webhooks", [42], {}),
        ("webhooks.sendblue_numbers", [WebhookEntry(URL, sendblue_numbers=("555",))], {}),
        ("global_secret", [URL], {"global_secret": ""}),
    ],
)
def test_add_webhooks_rejects(field, entries, kwargs):
    with pytest.raises(ValidationError) as info:
        builders.add_webhooks(entries, **kwargs)
    assert info.value.field == field


def test_contact_created_takes_url_strings():
    spec = builders.add_webhooks([URL, WebhookEntry(URL)], webhook_type="contact_created")
    assert spec.json["webhooks"] == [URL, URL]


def test_replace_webhooks_is_a_put_of_the_whole_config():
    spec = builders.replace_webhooks(
        {"receive": [URL], "outbound": [], "call_completed": [WebhookEntry(URL, secret="x")]},
        global_secret="g",
    )
    assert spec == RequestSpec("PUT", HOOKS, WebhooksResponse, json={"webhooks": {
        "receive": [URL], "outbound": [], "call_completed": [{"url": URL, "secret": "x"}],
        "globalSecret": "g",
    }})
    assert spec.is_idempotent


@pytest.mark.parametrize("config", [{"nope": [URL]}, [URL], {"contact_created": [
    WebhookEntry(URL, secret="x")]}])
def test_replace_webhooks_rejects(config):
    with pytest.raises(ValidationError, match="webhooks"):
        builders.replace_webhooks(config)


def test_delete_webhooks_sends_a_json_body():
    assert builders.delete_webhooks([URL], webhook_type="receive") == RequestSpec(
        "DELETE", HOOKS, WebhooksDeleted, json={"webhooks": [URL], "type": "receive"}
    )


@pytest.mark.parametrize("urls", [[], URL, ["nope"]])
def test_delete_webhooks_rejects(urls):
    with pytest.raises(ValidationError, match="urls"):
        builders.delete_webhooks(urls)


def test_config_keeps_unknown_types_and_hides_secrets():
    config = converter.structure({
        "receive": [URL, {"url": "https://b.example", "secret": "per-hook",
                          "sendblueNumbers": ["+12125550101"]}],
        "future_type": [URL], "outbound": [], "globalSecret": "account-wide",
    }, WebhookConfig)
    assert config.types == {"receive", "future_type"}
    assert config.get("receive")[1] == WebhookEntry(
        "https://b.example", "per-hook", ("+12125550101",))
    assert config.urls("future_type") == (URL,)
    assert config.global_secret == "account-wide"
    assert "per-hook" not in repr(config) and "account-wide" not in repr(config)


def test_config_rejects_a_non_string_secret():
    with pytest.raises(TypeError):
        converter.structure({"globalSecret": 1}, WebhookConfig)
