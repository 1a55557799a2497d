-- One move of the login state machine, applied atomically and announced in the same step.
-- The rule comes from server/domain/transitions.ts; this script applies the checks of `decide` in the same order.
-- KEYS[1] the login's hash   KEYS[2] the sharded channel its changes are announced on (same hash tag, same slot)
-- ARGV[1] the move, one JSON object (fields left out when they do not apply):
--   id          login id                        now        epoch ms
--   actorKind   'browser' | 'phone'             actor      the browser's secret hash, or the phone user's id
--   from        states the move starts from     to         the state it moves to
--   repeatableIn  state in which a repeat gets the same answer
--   claimsUser  true when the move claims the user; then userName, userPicture and checkCode are stored
--   confirmWindowMs  a claiming move makes the login end by now + window, never later than it would
--   exchangeGraceMs  when the move holds the login for the token exchange: it then ends no sooner than now + grace
--   checkCode   on a claiming move the code to bind, otherwise the user's pick
--   wrongPickTo state a wrong pick moves to (only when the move checks the code), wrongPickReason  why it denies
--   denies      when the move denies the login: why (stored as denialReason, for the browser to tell)
--   requireCheckCode  true when a pick is required
--   trace       the W3C trace context of the move ({traceparent, tracestate?}), passed on in the change message
-- ARGV[2], ARGV[3] (optional) the HMAC-SHA1 key of change messages, padded and XORed with 0x36 and with 0x5c (64 bytes each)
-- Returns {'not_found'} | {'forbidden'} | {'conflict', state} | {'check_code_required'} | {'repeated', hash}
--       | {'changed', hash} | {'wrong_pick', hash}.
-- Both sides of the secret comparison are SHA-256 digests: timing can reveal no more than a digest prefix.
local key = KEYS[1]
local move = cjson.decode(ARGV[1])
local now = move.now
local f = redis.call('HMGET', key, 'state', 'version', 'expiresAt', 'secretHash', 'userId', 'checkCode')
local state, version, expiresAt, secretHash, userId, checkCode = f[1], f[2], f[3], f[4], f[5], f[6]

if not state or tonumber(expiresAt) <= now then
  return {'not_found'}
end
if move.actorKind == 'browser' then
  if secretHash ~= move.actor then return {'forbidden'} end
elseif userId and userId ~= move.actor then
  return {'forbidden'}
end
if state == move.repeatableIn then
  return {'repeated', redis.call('HGETALL', key)}
end
local allowed = false
for _, from in ipairs(move.from) do
  if from == state then allowed = true end
end
if not allowed then
  return {'conflict', state}
end

local to, result = move.to, 'changed'
if move.wrongPickTo and checkCode then
  if not move.checkCode then
    if move.requireCheckCode then return {'check_code_required'} end
  elseif move.checkCode ~= checkCode then
    to, result = move.wrongPickTo, 'wrong_pick'
  end
end

local nextVersion = tonumber(version) + 1
redis.call('HSET', key, 'state', to, 'version', nextVersion, 'changedAt', now)
local denialReason = move.denies
if result == 'wrong_pick' then denialReason = move.wrongPickReason end
if denialReason then redis.call('HSET', key, 'denialReason', denialReason) end
local endsAt = tonumber(expiresAt)
if move.claimsUser then
  endsAt = math.min(endsAt, now + move.confirmWindowMs)
  redis.call('HSET', key, 'userId', move.actor, 'scannedAt', now)
  if move.userName then redis.call('HSET', key, 'userName', move.userName) end
  if move.userPicture then redis.call('HSET', key, 'userPicture', move.userPicture) end
  if move.checkCode then redis.call('HSET', key, 'checkCode', move.checkCode) end
end
if move.exchangeGraceMs and result == 'changed' then
  endsAt = math.max(endsAt, now + move.exchangeGraceMs)
end
if endsAt ~= tonumber(expiresAt) then
  redis.call('HSET', key, 'expiresAt', endsAt)
  redis.call('PEXPIREAT', key, endsAt)
end

-- The change is announced in the same atomic step as the write; SPUBLISH keeps it inside the login's shard on a
-- Redis Cluster. `id` and `version` alone are a hint: a listener reads the login from the hash (T15). With the key,
-- `moved` carries the fields of the browser's status and `mac` its HMAC-SHA1 under the key the instances share, so
-- a listener that verifies it pushes without reading the hash; anyone else on the channel cannot make one.
-- The move's trace context goes inside `moved` when there is a key (the MAC covers it), beside the hint otherwise.
local message = { id = move.id, version = nextVersion }
if ARGV[2] and ARGV[3] then
  local m = redis.call('HMGET', key, 'state', 'expiresAt', 'userId', 'userName', 'userPicture', 'checkCode',
    'denialReason')
  message.moved = cjson.encode({
    id = move.id, version = nextVersion, state = m[1], expiresAt = tonumber(m[2]),
    userId = m[3] or nil, userName = m[4] or nil, userPicture = m[5] or nil, checkCode = m[6] or nil,
    denialReason = m[7] or nil, trace = move.trace,
  })
  local inner = redis.sha1hex(ARGV[2] .. message.moved):gsub('..', function(pair)
    return string.char(tonumber(pair, 16))
  end)
  message.mac = redis.sha1hex(ARGV[3] .. inner)
else
  message.trace = move.trace
end
redis.call('SPUBLISH', KEYS[2], cjson.encode(message))
return {result, redis.call('HGETALL', key)}
