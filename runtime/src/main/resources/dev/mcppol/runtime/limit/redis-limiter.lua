-- mcppol exact sliding-window limiter: one call, several limits, all or nothing, atomically.
-- Mirrors InMemoryLimiter step for step (same prune, same order of checks, same retry time).
--
-- KEYS[2i-1]         window of limit i: sorted set, score = admission time (ms),
--                    member = "time:token:index:units" (unique, and carries the amount)
-- KEYS[2i]           running total of that window's units (a string integer), so a check costs
--                    O(entries sliding out), not O(entries in the window)
-- ARGV[1]            now in ms, or "" to take it from this server's TIME (replicas share one clock)
-- ARGV[2]            token unique to this call (keeps members distinct when times are equal)
-- ARGV[3]            idle TTL floor in ms (0 with server time; virtual times say nothing about real time)
-- ARGV[4+3(i-1)..]   window ms, max units, amount units of limit i (integers, all <= 2^52)
--
-- Returns {admitted 1|0, blocked index (0-based, -1 when admitted), retry at ms, now ms,
-- refused indexes (0-based)}. Every limit is checked: a refused call fits again only when each
-- exhausted limit has room, so the retry time is the latest of theirs and blocked names that limit.
-- Lua 5.1 numbers are doubles: every value stays an integer <= 2^53, and numbers sent back to
-- Redis are formatted with %d, never tostring's %.14g, which would round 16-digit values.

local RETRY_CHUNK = 64

local function fmt(x)
  return string.format('%d', x)
end

local function units_of(member)
  return tonumber(string.match(member, '(%d+)$'))
end

local function sum_units(members)
  local s = 0
  for _, m in ipairs(members) do
    s = s + units_of(m)
  end
  return s
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

local n = #KEYS / 2
local windows, maxes, amounts = {}, {}, {}
for i = 1, n do
  local base = 3 + 3 * (i - 1)
  windows[i] = tonumber(ARGV[base + 1])
  maxes[i] = tonumber(ARGV[base + 2])
  amounts[i] = tonumber(ARGV[base + 3])
end

-- Drops the entries at or before now - window (the window is (now - window, now]) and returns the
-- units still in it. The total is rebuilt from the set whenever the two disagree on emptiness
-- (one evicted or expired without the other), so it cannot drift for long.
local function prune(zkey, tkey, window)
  local cutoff = fmt(now - window)
  local gone = redis.call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
  if #gone > 0 then
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
  end
  if redis.call('ZCARD', zkey) == 0 then
    redis.call('DEL', tkey)
    return 0
  end
  local total = redis.call('GET', tkey)
  if not total then
    local rebuilt = sum_units(redis.call('ZRANGE', zkey, 0, -1))
    redis.call('SET', tkey, fmt(rebuilt))
    local ttl = redis.call('PTTL', zkey)
    if ttl > 0 then
      redis.call('PEXPIRE', tkey, ttl)
    end
    return rebuilt
  end
  local left = tonumber(total) - sum_units(gone)
  if #gone > 0 then
    redis.call('SET', tkey, fmt(left), 'KEEPTTL')
  end
  return left
end

-- When enough of the oldest entries have slid out for the amount to fit; read in chunks of
-- doubling size (1, 2, 4, ... RETRY_CHUNK), since usually the oldest entry alone suffices and
-- every entry read costs the script time.
local function retry_at(zkey, used, amount, max, window)
  local remaining = used
  local from = 0
  local size = 1
  while true do
    local chunk = redis.call('ZRANGE', zkey, from, from + size - 1, 'WITHSCORES')
    if #chunk == 0 then
      return now + window
    end
    for e = 1, #chunk, 2 do
      remaining = remaining - units_of(chunk[e])
      if remaining + amount <= max then
        return tonumber(chunk[e + 1]) + window
      end
    end
    from = from + size
    size = math.min(size * 2, RETRY_CHUNK)
  end
end

-- Check every limit before consuming any.
local refused, blocked, retry = {}, -1, nil
for i = 1, n do
  local zkey, tkey = KEYS[2 * i - 1], KEYS[2 * i]
  local used = prune(zkey, tkey, windows[i])
  -- Several requests of one call on the same key add up.
  for j = 1, i - 1 do
    if KEYS[2 * j - 1] == zkey then
      used = used + amounts[j]
    end
  end
  if used + amounts[i] > maxes[i] then
    refused[#refused + 1] = i - 1
    local at = retry_at(zkey, used, amounts[i], maxes[i], windows[i])
    if retry == nil or at > retry then
      retry = at
      blocked = i - 1
    end
  end
end
if #refused > 0 then
  return {0, blocked, retry, now, refused}
end

-- All fit: consume each, and let idle keys expire once their newest entry has slid out.
for i = 1, n do
  local zkey, tkey = KEYS[2 * i - 1], KEYS[2 * i]
  local units = ARGV[3 + 3 * (i - 1) + 3]
  redis.call('ZADD', zkey, fmt(now), fmt(now) .. ':' .. token .. ':' .. fmt(i - 1) .. ':' .. units)
  redis.call('INCRBY', tkey, units)
  local ttl = math.max(windows[i], ttl_floor)
  if redis.call('PTTL', zkey) < ttl then
    redis.call('PEXPIRE', zkey, fmt(ttl))
    redis.call('PEXPIRE', tkey, fmt(ttl))
  end
end
return {1, -1, 0, now, {}}
