"""The fixtures shipped for users, exercised as a user would."""

import pytest

from sendblue_async import PreviewTokenExpired


async def test_shipped_fixtures_drive_the_fake(sendblue_client, sendblue_fake, sendblue_clock):
    token = await sendblue_client.lines.preview()
    sendblue_clock.advance(601)
    with pytest.raises(PreviewTokenExpired):
        await sendblue_client.lines.confirm(token)
    line = await sendblue_client.lines.provision_line()
    assert [p.phone_number for p in sendblue_fake.provisioned] == [line.phone_number]


pytest_plugins = ("pytester",)

STRICT_MODE_TEST = '''
import pytest


@pytest.mark.asyncio
async def test_a_user_suite_in_strict_mode(sendblue_client, sendblue_fake):
    message = await sendblue_client.messages.send("+14155551234", "hi")
    assert list(sendblue_fake.messages) == [message.message_handle]
'''


def test_the_fixtures_work_in_pytest_asyncio_strict_mode(pytester):
    pytester.makepyfile(test_user=STRICT_MODE_TEST)
    result = pytester.runpytest_subprocess(
        "-o", "asyncio_mode=strict", "-o", "asyncio_default_fixture_loop_scope=function",
        "-W", "error",
    )
    result.assert_outcomes(passed=1)
