-- Ends live sessions of one user, as `endSessions` in server/domain/session.ts does, announcing each.
-- KEYS[1] the user's sessions hash   ARGV[1] now (epoch ms)   ARGV[2] channel to announce ended sessions on
-- ARGV[3..] the session ids to end, or nothing for all of them
-- Returns the ended sessions as JSON. Ended sessions stay as tombstones until their token would expire.
-- The announcement names the user and session and when its token would have expired, nothing more.
local function announcement(session)
  return cjson.encode({
    sub = session.userId, jti = session.id, exp = math.floor(session.expiresAt / 1000),
    endedAt = session.endedAt, reason = session.endReason,
  })
end
local key, now, channel = KEYS[1], tonumber(ARGV[1]), ARGV[2]
local wanted = nil
if #ARGV > 2 then
  wanted = {}
  for i = 3, #ARGV do wanted[ARGV[i]] = true end
end
local entries = redis.call('HGETALL', key)
local ended = {}
for i = 1, #entries, 2 do
  local session = cjson.decode(entries[i + 1])
  if session.expiresAt <= now then
    redis.call('HDEL', key, entries[i])
  elseif not session.endedAt and (wanted == nil or wanted[entries[i]]) then
    session.endedAt = now
    session.endReason = 'revoked'
    local encoded = cjson.encode(session)
    redis.call('HSET', key, entries[i], encoded)
    redis.call('PUBLISH', channel, announcement(session))
    table.insert(ended, encoded)
  end
end
return ended
