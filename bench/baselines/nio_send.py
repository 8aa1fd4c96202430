#!/usr/bin/python3
"""One-shot send with matrix-nio: what an agent script would do without AgentChat.

Reads NIO_HOMESERVER, NIO_USER_ID, NIO_ACCESS_TOKEN, NIO_ROOM_ID from the environment (never the command line);
sends argv[1] as an m.text message and exits 0 once the homeserver returned the event id.
Run with Debian's interpreter (/usr/bin/python3), which has python3-matrix-nio.
"""
import asyncio
import os
import sys

from nio import AsyncClient, RoomSendResponse


async def main() -> int:
    client = AsyncClient(os.environ["NIO_HOMESERVER"], os.environ["NIO_USER_ID"])
    client.access_token = os.environ["NIO_ACCESS_TOKEN"]
    client.user_id = os.environ["NIO_USER_ID"]
    try:
        response = await client.room_send(
            os.environ["NIO_ROOM_ID"],
            "m.room.message",
            {"msgtype": "m.text", "body": sys.argv[1]},
            ignore_unverified_devices=True,
        )
    finally:
        await client.close()
    if not isinstance(response, RoomSendResponse):
        print(f"nio send failed: {response}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
