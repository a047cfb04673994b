"""
Telethon (Debian's python3-telethon) against the testkit: logs in, resolves a
channel, downloads one message's document and prints what it got as JSON.

Run by telethon-flow.test.ts. Its input is one JSON object on stdin (the phone
code and 2FA password stay out of argv):
  host, port, dcId   the DC to start on
  rsa: {n, e}        the testkit's RSA public key, n as hex
  apiId, apiHash, phone, code, password (or null), username, msgIds
Its output is one JSON line on stdout:
  layer, telethon, userId, phone, channelId, files: [{msgId, dcId, size, sha256}]
Any failure exits 1 with the reason on stderr. TELETHON_LOG=1 logs to stderr.
"""

import asyncio
import hashlib
import json
import logging
import os
import sys

import rsa
import telethon
from telethon import TelegramClient, functions, types
from telethon.crypto import rsa as telethon_rsa
from telethon.errors import SessionPasswordNeededError
from telethon.sessions import MemorySession
from telethon.tl.alltlobjects import LAYER

STEP_SECONDS = 30


def trust_server_key(n_hex, e):
    """Telethon only talks to servers whose key it holds: add the testkit's."""
    key = rsa.PublicKey(int(n_hex, 16), e)
    telethon_rsa._server_keys[telethon_rsa._compute_fingerprint(key)] = (key, False)


async def step(name, awaitable):
    try:
        return await asyncio.wait_for(awaitable, STEP_SECONDS)
    except asyncio.TimeoutError:
        raise RuntimeError(f'{name}: no answer in {STEP_SECONDS} s') from None


async def sign_in(client, phone, code, password):
    await step('send_code_request', client.send_code_request(phone))
    try:
        await step('sign_in', client.sign_in(phone=phone, code=code))
    except SessionPasswordNeededError:
        if password is None:
            raise RuntimeError('the account asks for a 2FA password and none was given') from None
        await step('sign_in(password)', client.sign_in(password=password))


async def run(args):
    trust_server_key(args['rsa']['n'], args['rsa']['e'])
    session = MemorySession()
    # Telethon dials its own table of Telegram's DCs; start on the testkit's.
    # Other DCs come from help.getConfig, which gives the testkit's addresses.
    session.set_dc(args['dcId'], args['host'], args['port'])
    client = TelegramClient(
        session,
        args['apiId'],
        args['apiHash'],
        connection_retries=1,
        request_retries=1,
        receive_updates=False,
    )
    await step('connect', client.connect())
    try:
        await sign_in(client, args['phone'], args['code'], args.get('password'))
        me = await step('get_me', client.get_me())

        resolved = await step(
            'contacts.resolveUsername',
            client(functions.contacts.ResolveUsernameRequest(args['username'])),
        )
        if not isinstance(resolved.peer, types.PeerChannel):
            raise RuntimeError(f'{args["username"]} resolved to {type(resolved.peer).__name__}')
        channel = await step('get_entity', client.get_entity(resolved.peer))

        messages = await step('get_messages', client.get_messages(channel, ids=args['msgIds']))
        files = []
        for msg_id, message in zip(args['msgIds'], messages):
            if message is None or message.document is None:
                raise RuntimeError(f'message {msg_id} has no document')
            data = await step(f'download_media({msg_id})', client.download_media(message, file=bytes))
            files.append({
                'msgId': msg_id,
                'dcId': message.document.dc_id,
                'size': len(data),
                'sha256': hashlib.sha256(data).hexdigest(),
            })
    finally:
        await client.disconnect()

    return {
        'layer': LAYER,
        'telethon': telethon.__version__,
        'userId': str(me.id),
        'phone': me.phone,
        'channelId': str(resolved.peer.channel_id),
        'files': files,
    }


def main():
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if os.environ.get('TELETHON_LOG') else logging.CRITICAL,
    )
    args = json.load(sys.stdin)
    try:
        result = asyncio.run(run(args))
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        print(f'{type(error).__name__}: {error}', file=sys.stderr)
        sys.exit(1)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
