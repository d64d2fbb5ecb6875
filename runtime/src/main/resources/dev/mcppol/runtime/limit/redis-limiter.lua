-- mcppol exact sliding-window limiter: one call, several limits, all or nothing, atomically.
-- Mirrors InMemoryLimiter step for step (same prune, same order of checks, same retry time).
--
-- KEYS[i]            sorted set of limit i: score = admission time (ms), member = "time:token:i:units"
-- ARGV[1]            now in ms, or "" to take it from this server's TIME (replicas share one clock)
-- ARGV[2]            token unique to this call (keeps members distinct when times are equal)
-- ARGV[3]            idle TTL floor in ms (0 with server time; virtual times say nothing about real time)
-- ARGV[4+3(i-1)..]   window ms, max units, amount units of limit i (integers, all <= 2^52)
--
-- Returns {admitted 1|0, blocked index (0-based, -1 when admitted), retry at ms, now ms}.
-- Lua 5.1 numbers are doubles: every value stays an integer <= 2^53, and numbers sent back to
-- Redis are formatted with %d, never tostring's %.14g, which would round 16-digit values.

local function fmt(x)
  return string.format('%d', x)
end

local function units_of(member)
  return tonumber(string.match(member, '(%d+)$'))
end

local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
local token = ARGV[2]
local ttl_floor = tonumber(ARGV[3])

local n = #KEYS
local windows, maxes, amounts = {}, {}, {}
for i = 1, n do
  local base = 3 + 3 * (i - 1)
  windows[i] = tonumber(ARGV[base + 1])
  maxes[i] = tonumber(ARGV[base + 2])
  amounts[i] = tonumber(ARGV[base + 3])
end

-- Check every limit before consuming any.
for i = 1, n do
  local key = KEYS[i]
  -- Entries at or before now - window have slid out: the window is (now - window, now].
  redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(now - windows[i]))
  local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local used = 0
  for e = 1, #entries, 2 do
    used = used + units_of(entries[e])
  end
  -- Several requests of one call on the same key add up.
  for j = 1, i - 1 do
    if KEYS[j] == key then
      used = used + amounts[j]
    end
  end
  if used + amounts[i] > maxes[i] then
    -- Retry when enough of the oldest entries have slid out for this amount to fit.
    local retry = now + windows[i]
    local remaining = used
    for e = 1, #entries, 2 do
      remaining = remaining - units_of(entries[e])
      if remaining + amounts[i] <= maxes[i] then
        retry = tonumber(entries[e + 1]) + windows[i]
        break
      end
    end
    return {0, i - 1, retry, now}
  end
end

-- All fit: consume each, and let idle keys expire once their newest entry has slid out.
for i = 1, n do
  local key = KEYS[i]
  local units = ARGV[3 + 3 * (i - 1) + 3]
  redis.call('ZADD', key, fmt(now), fmt(now) .. ':' .. token .. ':' .. fmt(i - 1) .. ':' .. units)
  local ttl = math.max(windows[i], ttl_floor)
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, fmt(ttl))
  end
end
return {1, -1, 0, now}
