-- Stores a new login as one hash that expires at its end of life (the TTL is set here, once, and never touched).
-- KEYS[1] the login's hash
-- ARGV[1] expiresAt (epoch ms); ARGV[2..] field, value, field, value...
-- Returns 1, or 0 when the id is taken (never expected from a UUID v4; checked so an id is never reused).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
