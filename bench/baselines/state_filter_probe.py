#!/usr/bin/env python3
# Does a registry beat reach a /sync whose timeline filter leaves it out (kept in the state filter)? docs/presence.md.
# Usage: bash scripts/synapse.sh start DIR relaxed >ENV; python3 bench/baselines/state_filter_probe.py ENV; bash scripts/synapse.sh destroy DIR
import json, hmac, hashlib, urllib.request, urllib.parse, threading, time, sys
env = dict(l.strip().split('=', 1) for l in open(sys.argv[1]) if '=' in l)
HS, SECRET = env['homeserver'], env['secret']
def req(method, path, token=None, body=None, timeout=60):
    r = urllib.request.Request(HS + path, method=method, data=None if body is None else json.dumps(body).encode())
    r.add_header('Content-Type', 'application/json')
    if token: r.add_header('Authorization', 'Bearer ' + token)
    with urllib.request.urlopen(r, timeout=timeout) as resp: return json.loads(resp.read())
def register(name):
    nonce = req('GET', '/_synapse/admin/v1/register')['nonce']
    mac = hmac.new(SECRET.encode(), b'\x00'.join([nonce.encode(), name.encode(), b'pw', b'notadmin']), hashlib.sha1).hexdigest()
    r = req('POST', '/_synapse/admin/v1/register', body={'nonce': nonce, 'username': name, 'password': 'pw', 'admin': False, 'mac': mac})
    return r['user_id'], r['access_token']
tag = str(int(time.time()))
w_id, w = register('w' + tag); o_id, o = register('o' + tag)
room = req('POST', '/_matrix/client/v3/createRoom', w, {'preset': 'public_chat', 'power_level_content_override': {'events': {'com.aiagentchat.instance': 0}, 'users_default': 0, 'events_default': 0}})['room_id']
req('POST', f'/_matrix/client/v3/join/{urllib.parse.quote(room)}', o, {})
T = 'com.aiagentchat.instance'
def filt(timeline_types):
    f = {'room': {'timeline': {'types': timeline_types, 'limit': 100}, 'state': {'types': ['m.room.member', T], 'lazy_load_members': True},
         'ephemeral': {'types': []}, 'account_data': {'types': []}}, 'presence': {'types': []}, 'account_data': {'types': []}}
    return req('POST', f'/_matrix/client/v3/user/{urllib.parse.quote(o_id)}/filter', o, f)['filter_id']
ON = filt(['m.room.message', T]); OFF = filt(['m.room.message'])
def sync(fid, since=None, timeout=0):
    q = {'filter': fid, 'timeout': str(timeout)}
    if since: q['since'] = since
    t0 = time.time(); r = req('GET', '/_matrix/client/v3/sync?' + urllib.parse.urlencode(q), o, timeout=timeout/1000 + 30)
    return r, time.time() - t0
def entries(r):
    out = []
    for rid, j in r.get('rooms', {}).get('join', {}).items():
        for sec in ('state', 'timeline'):
            for e in j.get(sec, {}).get('events', []):
                if e['type'] == T: out.append((sec, e['content'].get('last_seen')))
    return out
beat = [0]
def put_beat():
    beat[0] += 1
    req('PUT', f'/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/state/{T}/{urllib.parse.quote(w_id)}', w, {'instance': 'w', 'kind': 'persistent', 'status': 'online', 'last_seen': beat[0]})
def send(text):
    req('PUT', f'/_matrix/client/v3/rooms/{urllib.parse.quote(room)}/send/m.room.message/{time.time_ns()}', w, {'msgtype': 'm.text', 'body': text})
for name, fid in (('ON (beat in timeline)', ON), ('OFF (beat only in state filter)', OFF)):
    print('==', name)
    _, since = None, sync(fid)[0]['next_batch']
    # 1: a beat while a long-poll waits: does it wake, and what does it carry?
    res = {}
    th = threading.Thread(target=lambda: res.update(r=sync(fid, since, 5000)))
    th.start(); time.sleep(1); put_beat(); th.join()
    r, took = res['r']
    print(f' beat {beat[0]} during poll: returned after {took:.2f}s, entries={entries(r)}')
    since = r['next_batch']
    # 2: a beat, then the poll returns on its own (timeout) and a message follows: does the beat show up?
    put_beat(); r, took = sync(fid, since, 2000); print(f' beat {beat[0]} then poll: {took:.2f}s entries={entries(r)}'); since = r['next_batch']
    send('hello'); r, took = sync(fid, since, 5000); print(f' message after: {took:.2f}s entries={entries(r)}'); since = r['next_batch']
    # 3: a beat, then a message, both before the next poll
    put_beat(); send('again'); r, took = sync(fid, since, 5000); print(f' beat {beat[0]} + message before poll: entries={entries(r)}'); since = r['next_batch']
