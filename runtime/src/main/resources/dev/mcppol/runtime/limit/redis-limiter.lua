-- mcppol exact sliding-window limiter: a batch of calls, decided one after the other in the order
-- given; each call has several limits, all or nothing. The script runs atomically, so each call is
-- decided exactly as if it ran alone (a batch only saves round trips, script runs and writes).
-- Mirrors InMemoryLimiter step for step (same prune, same order of checks, same retry time).
--
-- KEYS               for each call in turn, for each of its limits i:
--   2i-1             window of limit i: sorted set, score = admission time (ms),
--                    member = "units/time:token:index" (unique, and carries the amount; members
--                    written before this layout, "time:token:index:units", are still read)
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
-- Returns one entry per call: now ms when admitted; {0, blocked index (0-based), retry at ms,
-- now ms, refused indexes (0-based)} when refused; or {-1, message} when a Redis command failed
-- for that call (the others are still decided). Every limit is checked: a refused call fits again
-- only when each exhausted limit has room, so the retry time is the latest of theirs and blocked
-- names that limit.
--
-- Writes are folded: what the batch's calls owe a window (their entries, its new total, its expiry)
-- is written once per window, after the last call (one ZADD with every entry, one SET of the
-- total), or before the script reads that window again other than from what it already knows.
-- The answers are those of the calls written one by one: nothing reads the window in between.
--
-- Lua 5.1 numbers are doubles: every value stays an integer <= 2^53, and numbers sent back to
-- Redis are formatted with %d, never tostring's %.14g, which would round 16-digit values.

local RETRY_CHUNK = 64
-- Entries per ZADD at most (unpack puts every argument on Lua's C stack, 8000 slots in 5.1).
local ZADD_CHUNK = 1000

local call, pcall, unpack = redis.call, pcall, unpack
local find, sub, match, format = string.find, string.sub, string.match, string.format

-- Formatted numbers by value: a batch formats the same times, totals and expiries again and again.
local texts = {}
local function fmt(x)
  local t = texts[x]
  if t == nil then
    t = format('%d', x)
    texts[x] = t
  end
  return t
end

-- The batch's calls mostly repeat the same windows, maxima, amounts and units read back: each
-- distinct text is converted once (a conversion is a strtod, dearer than a table look-up).
local numbers = {}
local function number(text)
  local x = numbers[text]
  if x == nil then
    x = tonumber(text)
    numbers[text] = x
  end
  return x
end

-- The units are the digits before the member's first '/' (a plain find, no pattern). Members
-- written before that layout end with them, after the last ':'; ':(%d+)$' starts only at a ':'
-- (the unanchored '(%d+)$' re-scans every run of digits), and members of any other shape still
-- get the plain pattern.
local function units_of(member)
  local slash = find(member, '/', 1, true)
  if slash then
    return number(sub(member, 1, slash - 1))
  end
  return tonumber(match(member, ':(%d+)$') or match(member, '(%d+)$'))
end

local function sum_units(members)
  local s = 0
  for i = 1, #members do
    s = s + units_of(members[i])
  end
  return s
end

local server_now = nil
local function server_time()
  if server_now == nil then
    local t = call('TIME')
    server_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return server_now
end

local replies = {}

-- What the batch owes a window: writes[window key] = {tkey, total = units the total key must
-- hold (false: it holds them), zadd = {score, member, ...} entries not yet added, owners = the
-- calls whose entries they are, ttl = the longest expiry an admission asked (false: none),
-- fresh = the set did not exist before this batch added to it}.
-- written lists the windows in the order they were first owed something.
local writes, written = {}, {}
local function owed(zkey, tkey)
  local w = writes[zkey]
  if w == nil then
    -- Every field present from the start (false for none): a table that grows is rehashed.
    w = {tkey = tkey, zadd = {}, owners = {}, total = false, ttl = false, fresh = false}
    writes[zkey] = w
    written[#written + 1] = zkey
  end
  return w
end

-- A write the calls were answered on failed: they are refused as unavailable after all, as each
-- would have been had its own write failed. (Only the script's first write can fail this way, with
-- OOM under maxmemory: a write after another one is never refused, so no other write was lost.)
local function fail_owners(w, message)
  for _, c in ipairs(w.owners) do
    replies[c] = {-1, message}
  end
  w.zadd, w.owners, w.total, w.ttl = {}, {}, false, false
end

local function add_entries(zkey, w)
  local args = w.zadd
  local n = #args
  local i = 1
  while i <= n do
    local j = math.min(n, i + 2 * ZADD_CHUNK - 1)
    call('ZADD', zkey, unpack(args, i, j))
    i = j + 1
  end
  w.zadd = {}
end

local function error_text(e)
  if type(e) == 'table' then
    return tostring(e.err or e.message)
  end
  return tostring(e)
end

-- Before the script reads a window's entries (and, with total, its total key) other than from what
-- it knows: what the batch owes them goes first.
local function write_owed(zkey, w, total)
  add_entries(zkey, w)
  if total and w.total then
    call('SET', w.tkey, fmt(w.total), 'KEEPTTL')
    w.total = false
  end
end

local function settle(zkey, total)
  local w = writes[zkey]
  if w == nil or (#w.zadd == 0 and not (total and w.total)) then
    return
  end
  local ok, e = pcall(write_owed, zkey, w, total)
  if not ok then
    fail_owners(w, error_text(e))
    error(e)
  end
end

-- What the batch knows of a window since it last pruned it: known[window key] = {now, window,
-- used = units in it (what the total key holds once the batch's writes are done), retry = retry
-- times by (used, amount, max)}. Pruning again at the same now and window would find nothing to
-- drop and read back the same total, so a later call of the batch reuses it; every write to the
-- key goes through this script and keeps it up to date (an admission adds its units and forgets
-- the retry times). A call that fails forgets everything.
local known = {}

-- The total of a window whose total key is missing (evicted), from its entries; nil when it has none.
local function rebuild(zkey, tkey)
  local members = call('ZRANGE', zkey, 0, -1)
  if #members == 0 then
    call('DEL', tkey)
    return nil
  end
  local left = sum_units(members)
  call('SET', tkey, fmt(left))
  local ttl = call('PTTL', zkey)
  if ttl > 0 then
    call('PEXPIRE', tkey, ttl)
  end
  return left
end

-- Drops the entries at or before now - window (the window is (now - window, now]) and returns the
-- units still in it. The total is rebuilt from the set whenever the two disagree on emptiness
-- (one evicted or expired without the other), so it cannot drift for long. When entries slid out,
-- the set was there, and a total kept with it (every write to either goes through this script,
-- with the same expiry) is its sum: only a window that is now empty needs its size read.
local function prune(zkey, tkey, window, now)
  local k = known[zkey]
  if k and k.now == now and k.window == window and k.tkey == tkey then
    return k.used
  end
  settle(zkey, true)
  local cutoff = fmt(now - window)
  local gone = call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
  local left, empty = nil, false
  if #gone > 0 then
    call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
    local total = call('GET', tkey)
    if not total then
      left = rebuild(zkey, tkey)
    else
      left = tonumber(total) - sum_units(gone)
      if left <= 0 and call('ZCARD', zkey) == 0 then
        call('DEL', tkey)
        left = nil
      else
        owed(zkey, tkey).total = left
      end
    end
  elseif call('ZCARD', zkey) == 0 then
    call('DEL', tkey)
  else
    local total = call('GET', tkey)
    if total then
      left = tonumber(total)
    else
      left = rebuild(zkey, tkey)
    end
  end
  if left == nil then
    left, empty = 0, true
  end
  -- fresh: the set is empty, so an entry added now creates it, without an expiry.
  known[zkey] = {now = now, window = window, tkey = tkey, used = left, retry = false, fresh = empty}
  return left
end

-- When enough of the oldest entries have slid out for the amount to fit; read in chunks of
-- doubling size (1, 2, 4, ... RETRY_CHUNK), since usually the oldest entry alone suffices and
-- every entry read costs the script time. Right after prune(zkey, ..., window, now).
local function retry_at(zkey, used, amount, max, window, now)
  local k = known[zkey]
  local memo = fmt(used) .. ':' .. fmt(amount) .. ':' .. fmt(max)
  if not k.retry then
    k.retry = {}
  elseif k.retry[memo] then
    return k.retry[memo]
  end
  settle(zkey, false)
  local remaining = used
  local from = 0
  local size = 1
  local at = nil
  while at == nil do
    local chunk = call('ZRANGE', zkey, from, from + size - 1, 'WITHSCORES')
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

local stamps, indexes = {}, {}

-- Call c: its keys are KEYS[kb + 1 .. kb + 2n], its limits' numbers ARGV[ab + 1 .. ab + 3n].
local function decide(c, kb, ab, n, now_arg, token, ttl_floor_arg)
  local now
  if now_arg == '' then
    now = server_time()
  else
    now = number(now_arg)
  end

  -- Check every limit before consuming any.
  local refused, blocked, retry = nil, -1, nil
  for i = 1, n do
    local base = ab + 3 * (i - 1)
    local window, max, amount = number(ARGV[base + 1]), number(ARGV[base + 2]), number(ARGV[base + 3])
    local zkey = KEYS[kb + 2 * i - 1]
    local used = prune(zkey, KEYS[kb + 2 * i], window, now)
    -- Several requests of one call on the same key add up.
    for j = 1, i - 1 do
      if KEYS[kb + 2 * j - 1] == zkey then
        used = used + number(ARGV[ab + 3 * j])
      end
    end
    if used + amount > max then
      refused = refused or {}
      refused[#refused + 1] = i - 1
      local at = retry_at(zkey, used, amount, max, window, now)
      if retry == nil or at > retry then
        retry = at
        blocked = i - 1
      end
    end
  end
  if refused then
    return {0, blocked, retry, now, refused}
  end

  -- All fit: consume each (owed to the window until the batch ends); idle keys expire once their
  -- newest entry has slid out.
  local stamp = stamps[now]
  if stamp == nil then
    stamp = fmt(now)
    stamps[now] = stamp
  end
  local ttl_floor = number(ttl_floor_arg)
  for i = 1, n do
    local zkey, tkey = KEYS[kb + 2 * i - 1], KEYS[kb + 2 * i]
    local base = ab + 3 * (i - 1)
    local units = ARGV[base + 3]
    local k = known[zkey]
    k.used = k.used + number(units)
    k.retry = false
    local index = indexes[i]
    if index == nil then
      index = fmt(i - 1)
      indexes[i] = index
    end
    local w = owed(zkey, tkey)
    w.total = k.used
    local z = w.zadd
    z[#z + 1] = stamp
    z[#z + 1] = units .. '/' .. stamp .. ':' .. token .. ':' .. index
    w.owners[#w.owners + 1] = c
    if k.fresh then
      w.fresh = true
      k.fresh = false
    end
    local ttl = number(ARGV[base + 1])
    if ttl_floor > ttl then
      ttl = ttl_floor
    end
    if not w.ttl or ttl > w.ttl then
      w.ttl = ttl
    end
  end
  return now
end

local kb, ab = 0, 2
for c = 1, number(ARGV[1]) do
  local n = number(ARGV[ab])
  local ok, reply = pcall(decide, c, kb, ab + 3, n, ARGV[ab + 1], ARGV[ab + 2], ARGV[ab + 3])
  if not ok then
    -- A failed call may have written part of its effects: nothing the batch knew still holds.
    -- (What it owes other windows still does: it is kept up to date apart from known.)
    known = {}
    reply = {-1, error_text(reply)}
  end
  replies[c] = reply
  kb = kb + 2 * n
  ab = ab + 4 + 3 * n
end

-- The writes owed, once per window: its entries, its total, its expiry re-armed when an admission
-- asked for more than it has left (a new key has none).
-- Whether PEXPIRE takes GT (Redis 7): false once a PEXPIRE ... GT was refused.
local expire_gt = true

-- Whether the window's expiry must be moved to ttl: it has none (a new set) or an earlier one.
-- A set this batch created has none; any other is moved forward by PEXPIRE ... GT, which answers
-- 0 when the set has a later expiry, or none at all (then PTTL tells them apart, as before GT).
local function rearmed(zkey, w, ttl)
  if w.fresh then
    call('PEXPIRE', zkey, ttl)
    return true
  end
  if expire_gt then
    local ok, moved = pcall(call, 'PEXPIRE', zkey, ttl, 'GT')
    if ok then
      if moved == 1 then
        return true
      end
    else
      expire_gt = false
    end
  end
  if call('PTTL', zkey) < w.ttl then
    call('PEXPIRE', zkey, ttl)
    return true
  end
  return false
end

local function finish(zkey, w)
  add_entries(zkey, w)
  if w.ttl and rearmed(zkey, w, fmt(w.ttl)) then
    local ttl = fmt(w.ttl)
    if w.total then
      call('SET', w.tkey, fmt(w.total), 'PX', ttl)
    else
      call('PEXPIRE', w.tkey, ttl)
    end
  elseif w.total then
    call('SET', w.tkey, fmt(w.total), 'KEEPTTL')
  end
end

for _, zkey in ipairs(written) do
  local w = writes[zkey]
  local ok, e = pcall(finish, zkey, w)
  if not ok then
    fail_owners(w, error_text(e))
  end
end
return replies
