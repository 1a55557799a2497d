-- Records a new session in its user's set, as `admitSession` in server/domain/session.ts does.
-- KEYS[1] the user's sessions hash (field: session id, value: the session as JSON)
-- ARGV[1] session id   ARGV[2] the session as JSON   ARGV[3] now (epoch ms)
-- ARGV[4] live sessions allowed per user   ARGV[5] channel to announce ended sessions on
-- Returns {0} when the id is already known (a retry: nothing changes, a revoked session stays revoked),
-- else {1, ended session JSON...} for the sessions the bound ended.
-- The announcement names the user and session and when its token would have expired, nothing more.
local function announcement(session)
  return cjson.encode({
    sub = session.userId, jti = session.id, exp = math.floor(session.expiresAt / 1000),
    endedAt = session.endedAt, reason = session.endReason,
  })
end
local key, id, now, max, channel = KEYS[1], ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local entries = redis.call('HGETALL', key)
local live, tombstones, known = {}, {}, false
local lastExpiry = cjson.decode(ARGV[2]).expiresAt
for i = 1, #entries, 2 do
  local session = cjson.decode(entries[i + 1])
  if session.expiresAt <= now then
    redis.call('HDEL', key, entries[i])
  else
    if entries[i] == id then known = true end
    if session.endedAt then table.insert(tombstones, session) else table.insert(live, session) end
    if session.expiresAt > lastExpiry then lastExpiry = session.expiresAt end
  end
end
if known then return {0} end

local function oldestFirst(a, b)
  if a.createdAt ~= b.createdAt then return a.createdAt < b.createdAt end
  return a.id < b.id
end
table.sort(live, oldestFirst)
local reply = {1}
for i = 1, #live - max + 1 do
  local session = live[i]
  session.endedAt = now
  session.endReason = 'limit'
  local encoded = cjson.encode(session)
  redis.call('HSET', key, session.id, encoded)
  redis.call('PUBLISH', channel, announcement(session))
  table.insert(tombstones, session)
  table.insert(reply, encoded)
end

table.sort(tombstones, function(a, b)
  if a.endedAt ~= b.endedAt then return a.endedAt < b.endedAt end
  return oldestFirst(a, b)
end)
for i = 1, #tombstones - max do redis.call('HDEL', key, tombstones[i].id) end

redis.call('HSET', key, id, ARGV[2])
redis.call('PEXPIREAT', key, lastExpiry)
return reply
