-- Appends one event to a user's audit stream, drops what is older than the retention, and keeps the stream
-- alive for the retention after this event: one command instead of a MULTI of three.
-- KEYS[1] the user's audit stream
-- ARGV[1] most events kept; ARGV[2] the oldest entry id kept (ms); ARGV[3] the retention (ms); ARGV[4] the event JSON
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'event', ARGV[4])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
