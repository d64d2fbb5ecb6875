-- mcppol exact sliding-window limiter: a batch of calls, decided one after the other in the order
-- given; each call has several limits, all or nothing. The script runs atomically, so each call is
-- decided exactly as if it ran alone (a batch only saves round trips and script runs).
-- Mirrors InMemoryLimiter step for step (same prune, same order of checks, same retry time).
--
-- KEYS               for each call in turn, for each of its limits i:
--   2i-1             window of limit i: sorted set, score = admission time (ms),
--                    member = "time:token:index:units" (unique, and carries the amount)
--   2i               running total of that window's units (a string integer), so a check costs
--                    O(entries sliding out), not O(entries in the window)
-- ARGV[1]            number of calls in the batch
-- ARGV[2..]          for each call in turn:
--                    n, the number of its limits;
--                    now in ms, or "" to take it from this server's TIME (replicas share one clock;
--                    read once per batch, so a batch's calls are decided at one instant);
--                    a token unique to this call (keeps members distinct when times are equal);
--                    the idle TTL floor in ms (0 with server time; virtual times say nothing about
--                    real time);
--                    then window ms, max units, amount units of each limit (integers, all <= 2^52)
--
-- Returns one entry per call: {admitted 1|0, blocked index (0-based, -1 when admitted), retry at
-- ms, now ms, refused indexes (0-based)}, or {-1, message} when a Redis command failed for that
-- call (the others are still decided). Every limit is checked: a refused call fits again only when
-- each exhausted limit has room, so the retry time is the latest of theirs and blocked names that
-- limit.
-- Lua 5.1 numbers are doubles: every value stays an integer <= 2^53, and numbers sent back to
-- Redis are formatted with %d, never tostring's %.14g, which would round 16-digit values.

local RETRY_CHUNK = 64

local function fmt(x)
  return string.format('%d', x)
end

-- The units are the digits after the member's last ':'. Lua tries an unanchored pattern at every
-- start position, so '(%d+)$' alone re-scans each run of digits (the 13-digit time first) and cost
-- some 12 us a member, most of a call's time in the script; ':(%d+)$' starts only at a ':' and
-- gives the same digits (a trailing run right after a ':' is the whole trailing run). Members of
-- any other shape still get the plain pattern.
local function units_of(member)
  return tonumber(string.match(member, ':(%d+)$') or string.match(member, '(%d+)$'))
end

local function sum_units(members)
  local s = 0
  for _, m in ipairs(members) do
    s = s + units_of(m)
  end
  return s
end

local server_now = nil
local function server_time()
  if server_now == nil then
    local t = redis.call('TIME')
    server_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return server_now
end

-- What the batch knows of a window since it last pruned it: known[window key] = {now, window,
-- used = units in it (what the total key holds), retry = retry times by (used, amount, max)}.
-- Pruning again at the same now and window would find nothing to drop and read back the same
-- total, so a later call of the batch reuses it; every write to the key goes through this script
-- and keeps it up to date (an admission adds its units and forgets the retry times). A call that
-- fails forgets everything.
local known = {}

-- Drops the entries at or before now - window (the window is (now - window, now]) and returns the
-- units still in it. The total is rebuilt from the set whenever the two disagree on emptiness
-- (one evicted or expired without the other), so it cannot drift for long.
local function prune(zkey, tkey, window, now)
  local k = known[zkey]
  if k and k.now == now and k.window == window and k.tkey == tkey then
    return k.used
  end
  local cutoff = fmt(now - window)
  local gone = redis.call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
  if #gone > 0 then
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
  end
  local left
  if redis.call('ZCARD', zkey) == 0 then
    redis.call('DEL', tkey)
    left = 0
  else
    local total = redis.call('GET', tkey)
    if not total then
      left = sum_units(redis.call('ZRANGE', zkey, 0, -1))
      redis.call('SET', tkey, fmt(left))
      local ttl = redis.call('PTTL', zkey)
      if ttl > 0 then
        redis.call('PEXPIRE', tkey, ttl)
      end
    else
      left = tonumber(total) - sum_units(gone)
      if #gone > 0 then
        redis.call('SET', tkey, fmt(left), 'KEEPTTL')
      end
    end
  end
  known[zkey] = {now = now, window = window, tkey = tkey, used = left, retry = {}}
  return left
end

-- When enough of the oldest entries have slid out for the amount to fit; read in chunks of
-- doubling size (1, 2, 4, ... RETRY_CHUNK), since usually the oldest entry alone suffices and
-- every entry read costs the script time. Right after prune(zkey, ..., window, now).
local function retry_at(zkey, used, amount, max, window, now)
  local k = known[zkey]
  local memo = fmt(used) .. ':' .. fmt(amount) .. ':' .. fmt(max)
  if k.retry[memo] then
    return k.retry[memo]
  end
  local remaining = used
  local from = 0
  local size = 1
  local at = nil
  while at == nil do
    local chunk = redis.call('ZRANGE', zkey, from, from + size - 1, 'WITHSCORES')
    if #chunk == 0 then
      at = now + window
    end
    for e = 1, #chunk, 2 do
      remaining = remaining - units_of(chunk[e])
      if remaining + amount <= max then
        at = tonumber(chunk[e + 1]) + window
        break
      end
    end
    from = from + size
    size = math.min(size * 2, RETRY_CHUNK)
  end
  k.retry[memo] = at
  return at
end

-- Admitted windows: their keys get their expiry once, after the batch (ttl = the longest asked).
local expiring, expiry = {}, {}

-- The batch's calls mostly repeat the same windows, maxima and amounts: each distinct text is
-- converted once (a conversion is a strtod, dearer than a table look-up).
local numbers = {}
local function number(text)
  local x = numbers[text]
  if x == nil then
    x = tonumber(text)
    numbers[text] = x
  end
  return x
end

-- One call: its keys are KEYS[kb + 1 .. kb + 2n], its limits' numbers ARGV[ab + 1 .. ab + 3n].
local function decide(kb, ab, n, now_arg, token, ttl_floor_arg)
  local now
  if now_arg == '' then
    now = server_time()
  else
    now = tonumber(now_arg)
  end
  local ttl_floor = number(ttl_floor_arg)
  local windows, maxes, amounts = {}, {}, {}
  for i = 1, n do
    local base = ab + 3 * (i - 1)
    windows[i] = number(ARGV[base + 1])
    maxes[i] = number(ARGV[base + 2])
    amounts[i] = number(ARGV[base + 3])
  end

  -- Check every limit before consuming any.
  local refused, blocked, retry = {}, -1, nil
  for i = 1, n do
    local zkey, tkey = KEYS[kb + 2 * i - 1], KEYS[kb + 2 * i]
    local used = prune(zkey, tkey, windows[i], now)
    -- Several requests of one call on the same key add up.
    for j = 1, i - 1 do
      if KEYS[kb + 2 * j - 1] == zkey then
        used = used + amounts[j]
      end
    end
    if used + amounts[i] > maxes[i] then
      refused[#refused + 1] = i - 1
      local at = retry_at(zkey, used, amounts[i], maxes[i], windows[i], now)
      if retry == nil or at > retry then
        retry = at
        blocked = i - 1
      end
    end
  end
  if #refused > 0 then
    return {0, blocked, retry, now, refused}
  end

  -- All fit: consume each; idle keys expire once their newest entry has slid out.
  local stamp = fmt(now)
  for i = 1, n do
    local zkey, tkey = KEYS[kb + 2 * i - 1], KEYS[kb + 2 * i]
    local units = ARGV[ab + 3 * (i - 1) + 3]
    redis.call('ZADD', zkey, stamp, stamp .. ':' .. token .. ':' .. fmt(i - 1) .. ':' .. units)
    redis.call('INCRBY', tkey, units)
    local k = known[zkey]
    if k then
      k.used = k.used + amounts[i]
      k.retry = {}
    end
    local ttl = math.max(windows[i], ttl_floor)
    local e = expiry[zkey]
    if e == nil then
      expiring[#expiring + 1] = zkey
      expiry[zkey] = {tkey = tkey, ttl = ttl}
    elseif ttl > e.ttl then
      e.ttl = ttl
    end
  end
  return {1, -1, 0, now, {}}
end

local replies = {}
local kb, ab = 0, 2
for c = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[ab])
  local ok, reply = pcall(decide, kb, ab + 3, n, ARGV[ab + 1], ARGV[ab + 2], ARGV[ab + 3])
  if not ok then
    -- A failed call may have written part of its effects: nothing the batch knew still holds.
    known = {}
    local message = reply
    if type(reply) == 'table' then
      message = reply.err or reply.message
    end
    reply = {-1, tostring(message)}
  end
  replies[c] = reply
  kb = kb + 2 * n
  ab = ab + 4 + 3 * n
end

for _, zkey in ipairs(expiring) do
  local e = expiry[zkey]
  if redis.call('PTTL', zkey) < e.ttl then
    redis.call('PEXPIRE', zkey, fmt(e.ttl))
    redis.call('PEXPIRE', e.tkey, fmt(e.ttl))
  end
end
return replies
