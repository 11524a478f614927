"""The outbox alone: plain state on a FakeClock, no task and no transport."""

import attrs
import pytest

from transports import FakeClock
from transports.testing.outbox import RETRY_DELAYS, Attempt, Delivery, Outbox

START = 1_800_000_000.0
HOOK = "https://hooks.example/in"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def outbox(clock: FakeClock) -> Outbox:
    return Outbox(clock)


def test_a_delivery_is_due_when_added_and_taken_once(outbox):
    added = outbox.add("receive", HOOK, {"n": 1}, {"sb-signing-secret": "s"})
    assert added == Delivery(1, "receive", HOOK, {"n": 1}, {"sb-signing-secret": "s"}, START)
    assert outbox.pending == [added] and outbox.next_due() == START
    assert outbox.take_due() == [added]
    assert outbox.take_due() == [] and outbox.next_due() is None


def test_deliveries_come_out_in_the_order_they_fall_due(outbox, clock):
    first = outbox.add("a", HOOK, {})
    clock.advance(1)
    second = outbox.add("b", HOOK, {})
    assert [d.id for d in outbox.take_due()] == [first.id, second.id]


@pytest.mark.parametrize("status", [None, 500, 502, 503])
def test_a_failure_is_retried_three_times_then_given_up(outbox, clock, status):
    delivery = outbox.add("outbound", HOOK, {"status": "SENT"})
    tried = []
    for delay in (*RETRY_DELAYS, None):
        (taken,) = outbox.take_due()
        tried.append(taken.attempt)
        attempt = outbox.settle(taken, status, None if status else "TransportError")
        assert attempt.failed and attempt.final == (delay is None)
        if delay is not None:
            assert outbox.take_due() == [] and outbox.next_due() == clock.now() + delay
            clock.advance(delay)
    assert tried == [0, 1, 2, 3]
    assert outbox.given_up == [attrs.evolve(delivery, attempt=3, due=START + 7)]
    assert outbox.pending == [] and len(outbox.attempts) == 4


@pytest.mark.parametrize("status", [200, 204, 301, 400, 401, 404, 429])
def test_an_answer_below_500_is_final(outbox, status):
    outbox.add("receive", HOOK, {})
    (taken,) = outbox.take_due()
    attempt = outbox.settle(taken, status)
    assert attempt == Attempt(taken, START, status, None, final=True)
    assert not attempt.failed
    assert outbox.pending == [] and outbox.given_up == [] and outbox.attempts == [attempt]


def test_a_retry_comes_after_a_later_delivery_that_is_due_sooner(outbox, clock):
    failing = outbox.add("a", HOOK, {})
    outbox.settle(outbox.take_due()[0], 503)
    later = outbox.add("b", HOOK, {})
    clock.advance(RETRY_DELAYS[0])
    assert [(d.id, d.attempt) for d in outbox.take_due()] == [(later.id, 0), (failing.id, 1)]


def test_retry_delays_can_be_chosen(clock):
    outbox = Outbox(clock, retry_delays=[0.5])
    outbox.add("a", HOOK, {})
    outbox.settle(outbox.take_due()[0], 500)
    assert outbox.next_due() == START + 0.5
    clock.advance(0.5)
    outbox.settle(outbox.take_due()[0], 500)
    assert len(outbox.given_up) == 1


def test_the_timer_runs_before_a_take_and_says_when_it_is_next_due(clock):
    calls = []

    def timer(now: float) -> float | None:
        calls.append(now)
        if now < START + 2:
            return START + 2
        if len(calls) == 3:  # the status change, once
            outbox.add("outbound", HOOK, {"status": "SENT"})
        return None

    outbox = Outbox(clock, timer=timer)
    assert outbox.next_due() == START + 2 and outbox.take_due() == []
    clock.advance(2)
    assert [d.payload for d in outbox.take_due()] == [{"status": "SENT"}]
    assert outbox.next_due() is None
    assert calls == [START, START, START + 2, START + 2]


def test_listeners_hear_of_each_queued_or_settled_delivery_and_of_a_wake(outbox, clock):
    heard = []
    stop = outbox.listen(lambda: heard.append("a"))
    outbox.listen(lambda: heard.append("b"))
    outbox.add("receive", HOOK, {})
    outbox.settle(outbox.take_due()[0], 500)  # the retry is queued: heard once
    outbox.wake()
    stop()
    clock.advance(RETRY_DELAYS[0])
    outbox.settle(outbox.take_due()[0], 200)
    assert heard == ["a", "b"] * 3 + ["b"]


def test_the_repr_of_a_delivery_names_headers_but_never_shows_their_values(outbox):
    delivery = outbox.add("receive", HOOK, {}, {"sb-signing-secret": "hush-hush"})
    assert "hush-hush" not in repr(delivery) and "sb-signing-secret" in repr(delivery)
