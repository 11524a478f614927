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
