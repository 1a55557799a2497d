-- One move of the login state machine, applied atomically and announced in the same step.
-- The rule comes from server/domain/transitions.ts; this script applies the checks of `decide` in the same order.
-- KEYS[1] the login's hash   KEYS[2] the sharded channel its changes are announced on (same hash tag, same slot)
-- ARGV[1] login id          ARGV[2] now (epoch ms)
-- ARGV[3] actor kind ('browser' | 'phone')   ARGV[4] the browser's secret hash, or the phone user's id
-- ARGV[5] states the move starts from (space separated)   ARGV[6] the state it moves to
-- ARGV[7] state in which a repeat gets the same answer ('' for none)   ARGV[8] '1' when the move claims the user
-- ARGV[9] user name ('' for none)   ARGV[10] user picture ('' for none)
-- ARGV[11] confirm window (ms): a claiming move makes the login end by now + window, never later than it would
-- ARGV[12] exchange grace (ms) when the move holds the login for the token exchange ('' for none): it then ends
--          no sooner than now + grace
-- ARGV[13] the phone's check code: on a claiming move the code to bind, otherwise the user's pick ('' for none)
-- ARGV[14] state a wrong pick moves to ('' when the move checks no code)   ARGV[15] '1' when a pick is required
-- Returns {'not_found'} | {'forbidden'} | {'conflict', state} | {'check_code_required'} | {'repeated', hash}
--       | {'changed', hash} | {'wrong_pick', hash}.
-- Both sides of the secret comparison are SHA-256 digests: timing can reveal no more than a digest prefix.
local key = KEYS[1]
local now = tonumber(ARGV[2])
local f = redis.call('HMGET', key, 'state', 'version', 'expiresAt', 'secretHash', 'userId', 'checkCode')
local state, version, expiresAt, secretHash, userId, checkCode = f[1], f[2], f[3], f[4], f[5], f[6]

if not state or tonumber(expiresAt) <= now then
  return {'not_found'}
end
if ARGV[3] == 'browser' then
  if secretHash ~= ARGV[4] then return {'forbidden'} end
elseif userId and userId ~= ARGV[4] then
  return {'forbidden'}
end
if state == ARGV[7] then
  return {'repeated', redis.call('HGETALL', key)}
end
local allowed = false
for from in string.gmatch(ARGV[5], '%S+') do
  if from == state then allowed = true end
end
if not allowed then
  return {'conflict', state}
end

local to, result = ARGV[6], 'changed'
if ARGV[14] ~= '' and checkCode then
  if ARGV[13] == '' then
    if ARGV[15] == '1' then return {'check_code_required'} end
  elseif ARGV[13] ~= checkCode then
    to, result = ARGV[14], 'wrong_pick'
  end
end

local nextVersion = tonumber(version) + 1
redis.call('HSET', key, 'state', to, 'version', nextVersion, 'changedAt', now)
local endsAt = tonumber(expiresAt)
if ARGV[8] == '1' then
  endsAt = math.min(endsAt, now + tonumber(ARGV[11]))
  redis.call('HSET', key, 'userId', ARGV[4], 'scannedAt', now)
  if ARGV[9] ~= '' then redis.call('HSET', key, 'userName', ARGV[9]) end
  if ARGV[10] ~= '' then redis.call('HSET', key, 'userPicture', ARGV[10]) end
  if ARGV[13] ~= '' then redis.call('HSET', key, 'checkCode', ARGV[13]) end
end
if ARGV[12] ~= '' and result == 'changed' then
  endsAt = math.max(endsAt, now + tonumber(ARGV[12]))
end
if endsAt ~= tonumber(expiresAt) then
  redis.call('HSET', key, 'expiresAt', endsAt)
  redis.call('PEXPIREAT', key, endsAt)
end

-- Only a hint that the login moved: listeners read the state itself from the hash (T15). SPUBLISH keeps it
-- inside the login's shard on a Redis Cluster, and is published in the same atomic step as the write.
redis.call('SPUBLISH', KEYS[2], cjson.encode({ id = ARGV[1], version = nextVersion }))
return {result, redis.call('HGETALL', key)}
