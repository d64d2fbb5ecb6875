-- mcppol exact sliding-window limiter: a batch of calls, decided one after the other in the order
-- given; each call has several limits, all or nothing. The script runs atomically, so each call is
-- decided exactly as if it ran alone (a batch only saves round trips, script runs and writes).
-- Mirrors InMemoryLimiter step for step (same prune, same order of checks, same retry time).
--
-- KEYS               for each call in turn, for each of its limits i:
--   2i-1             window of limit i: sorted set, score = admission time (ms),
--                    member = "units/token:index:units" (unique, and carries the amount:
--                    read from the front; members written before this layout,
--                    "time:token:index:units", are read from the back, which is how that
--                    version reads both layouts)
--   2i               running total of that window's units (a string integer), so a check costs
--                    O(entries sliding out), not O(entries in the window)
-- ARGV[1]            number of calls in the batch
-- ARGV[2]            the idle TTL floor in ms (0 with server time; virtual times say nothing about
--                    real time)
-- ARGV[3..]          for each call in turn:
--                    n, the number of its limits;
--                    now in ms, or "" to take it from this server's TIME (replicas share one clock;
--                    read once per batch, so a batch's calls are decided at one instant);
--                    a token unique to this call (with a limit's index, keeps members distinct
--                    when times are equal; a string, since turning a number into one costs a
--                    sprintf);
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
--
-- A run of this script first creates its functions, and each closure and each local it captures
-- costs the run (a script of small helpers took 44k instructions before deciding anything, an
-- empty script 6k): the helpers are few, and the steps they would have been are written inline.

local RETRY_CHUNK = 64
-- Entries per ZADD at most (unpack puts every argument on Lua's C stack, 8000 slots in 5.1).
local ZADD_CHUNK = 1000

local call, tonumber = redis.call, tonumber
local keys, argv = KEYS, ARGV

-- The batch's calls mostly repeat the same windows, maxima, amounts, units read back and times:
-- each distinct text is converted once (a strtod, dearer than a table look-up), and each number
-- formatted once. Callers look up first: numbers[t] or number(t), texts[x] or fmt(x).
local numbers, texts = {}, {}
local function number(text)
  local x = tonumber(text)
  numbers[text] = x
  return x
end
local function fmt(x)
  local t = string.format('%d', x)
  texts[x] = t
  return t
end

-- The units are the digits before the member's first '/' (a plain find, no pattern). Members
-- written before that layout end with them, after the last ':'; ':(%d+)$' starts only at a ':'
-- (the unanchored '(%d+)$' re-scans every run of digits), and members of any other shape still
-- get the plain pattern.
local function units_of(member)
  local slash = string.find(member, '/', 1, true)
  if slash then
    local t = string.sub(member, 1, slash - 1)
    return numbers[t] or number(t)
  end
  return tonumber(string.match(member, ':(%d+)$') or string.match(member, '(%d+)$'))
end

local replies = {}

-- What the batch owes a window: writes[window key] = {tkey, total = units the total key must
-- hold (false: it holds them), zadd = {score, member, ...} entries not yet added, owners = the
-- calls whose entries they are, ttl = the longest expiry an admission asked (false: none),
-- fresh = the set did not exist before this batch added to it}. written lists the windows in the
-- order they were first owed something. Every field is there from the start (false for none): a
-- table that grows is rehashed.
local writes, written = {}, {}
local function owed(zkey, tkey)
  local w = writes[zkey]
  if w == nil then
    w = {tkey = tkey, zadd = {}, owners = {}, total = false, ttl = false, fresh = false}
    writes[zkey] = w
    written[#written + 1] = zkey
  end
  return w
end

-- What the batch owes a window while the script writes it early, to read it again (see decide).
local settling = nil

-- A write the calls were answered on failed: they are refused as unavailable after all, as each
-- would have been had its own write failed. (Only the script's first write can fail this way, with
-- OOM under maxmemory: a write after another one is never refused, so no other write was lost.)
local function fail_owners(w, message)
  for _, c in ipairs(w.owners) do
    replies[c] = {-1, message}
  end
  w.zadd, w.owners, w.total, w.ttl = {}, {}, false, false
end

-- What the batch knows of a window since it last pruned it: known[window key] = {now, window,
-- used = units in it (what the total key holds once the batch's writes are done), retry = retry
-- times by (used, amount, max), fresh = the set is empty}. Pruning again at the same now and
-- window would find nothing to drop and read back the same total, so a later call of the batch
-- reuses it; every write to the key goes through this script and keeps it up to date (an
-- admission adds its units and forgets the retry times). A call that fails forgets everything.
local known = {}

-- The total of a window whose total key is missing (evicted), from its entries; nil when it has none.
local function rebuild(zkey, tkey)
  local members = call('ZRANGE', zkey, 0, -1)
  if #members == 0 then
    call('DEL', tkey)
    return nil
  end
  local left = 0
  for m = 1, #members do
    left = left + units_of(members[m])
  end
  call('SET', tkey, texts[left] or fmt(left))
  local ttl = call('PTTL', zkey)
  if ttl > 0 then
    call('PEXPIRE', tkey, ttl)
  end
  return left
end

local server_now = nil
local ttl_floor = tonumber(argv[2])
-- A limit's index as text, by index (each formatted once).
local indexes = {}

-- Call c: its keys are KEYS[kb + 1 .. kb + 2n], its limits' numbers ARGV[ab + 1 .. ab + 3n].
local function decide(c, kb, ab, n, now_arg, token)
  local now
  if now_arg == '' then
    now = server_now
    if now == nil then
      local t = call('TIME')
      now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      server_now = now
    end
  else
    now = numbers[now_arg] or number(now_arg)
  end

  -- Check every limit before consuming any.
  local refused, blocked, retry = nil, -1, nil
  for i = 1, n do
    local base = ab + 3 * i - 3
    local wt, mt, at = argv[base + 1], argv[base + 2], argv[base + 3]
    local window, max, amount = numbers[wt] or number(wt), numbers[mt] or number(mt), numbers[at] or number(at)
    local zkey, tkey = keys[kb + 2 * i - 1], keys[kb + 2 * i]
    local k = known[zkey]
    local used
    if k and k.now == now and k.window == window and k.tkey == tkey then
      used = k.used
    else
      -- Before reading the window again: what the batch owes it goes first.
      local w = writes[zkey]
      if w and (w.zadd[1] or w.total) then
        settling = w
        local z = w.zadd
        for from = 1, #z, 2 * ZADD_CHUNK do
          call('ZADD', zkey, unpack(z, from, math.min(#z, from + 2 * ZADD_CHUNK - 1)))
        end
        w.zadd = {}
        if w.total then
          call('SET', w.tkey, texts[w.total] or fmt(w.total), 'KEEPTTL')
          w.total = false
        end
        settling = nil
      end
      -- Drop the entries at or before now - window (the window is (now - window, now]). The total
      -- is rebuilt from the set whenever the two disagree on emptiness (one evicted or expired
      -- without the other), so it cannot drift for long. When entries slid out, the set was
      -- there, and a total kept with it (every write to either goes through this script, with the
      -- same expiry) is its sum: only a window that is now empty needs its size read.
      local cutoff = now - window
      cutoff = texts[cutoff] or fmt(cutoff)
      local gone = call('ZRANGEBYSCORE', zkey, '-inf', cutoff)
      local left = nil
      if #gone > 0 then
        call('ZREMRANGEBYSCORE', zkey, '-inf', cutoff)
        local total = call('GET', tkey)
        if not total then
          left = rebuild(zkey, tkey)
        else
          left = tonumber(total)
          for g = 1, #gone do
            left = left - units_of(gone[g])
          end
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
      -- fresh: the set is empty, so an entry added now creates it, without an expiry.
      k = {now = now, window = window, tkey = tkey, used = left or 0, retry = false, fresh = left == nil}
      known[zkey] = k
      used = k.used
    end
    -- Several requests of one call on the same key add up.
    for j = 1, i - 1 do
      if keys[kb + 2 * j - 1] == zkey then
        used = used + numbers[argv[ab + 3 * j]]
      end
    end
    if used + amount > max then
      refused = refused or {}
      refused[#refused + 1] = i - 1
      -- When enough of the oldest entries have slid out for the amount to fit; read in chunks of
      -- doubling size (1, 2, 4, ... RETRY_CHUNK), since usually the oldest entry alone suffices and
      -- every entry read costs the script time.
      local memo = (texts[used] or fmt(used)) .. ':' .. at .. ':' .. mt
      local retries = k.retry
      if not retries then
        retries = {}
        k.retry = retries
      end
      local at_ms = retries[memo]
      if at_ms == nil then
        local w = writes[zkey]
        if w and w.zadd[1] then
          settling = w
          local z = w.zadd
          for from = 1, #z, 2 * ZADD_CHUNK do
            call('ZADD', zkey, unpack(z, from, math.min(#z, from + 2 * ZADD_CHUNK - 1)))
          end
          w.zadd = {}
          settling = nil
        end
        local remaining, from, size = used, 0, 1
        while at_ms == nil do
          local chunk = call('ZRANGE', zkey, from, from + size - 1, 'WITHSCORES')
          if #chunk == 0 then
            at_ms = now + window
          end
          for e = 1, #chunk, 2 do
            remaining = remaining - units_of(chunk[e])
            if remaining + amount <= max then
              at_ms = tonumber(chunk[e + 1]) + window
              break
            end
          end
          from = from + size
          size = math.min(size * 2, RETRY_CHUNK)
        end
        retries[memo] = at_ms
      end
      if retry == nil or at_ms > retry then
        retry = at_ms
        blocked = i - 1
      end
    end
  end
  if refused then
    return {0, blocked, retry, now, refused}
  end

  -- All fit: consume each (owed to the window until the batch ends); idle keys expire once their
  -- newest entry has slid out.
  local stamp = texts[now] or fmt(now)
  for i = 1, n do
    local zkey = keys[kb + 2 * i - 1]
    local base = ab + 3 * i - 3
    local units = argv[base + 3]
    local k = known[zkey]
    k.used = k.used + numbers[units]
    k.retry = false
    local w = owed(zkey, keys[kb + 2 * i])
    w.total = k.used
    local z = w.zadd
    z[#z + 1] = stamp
    local index = indexes[i]
    if index == nil then
      index = string.format('%d', i - 1)
      indexes[i] = index
    end
    z[#z + 1] = units .. '/' .. token .. ':' .. index .. ':' .. units
    w.owners[#w.owners + 1] = c
    if k.fresh then
      w.fresh = true
      k.fresh = false
    end
    local ttl = numbers[argv[base + 1]]
    if ttl_floor > ttl then
      ttl = ttl_floor
    end
    if not w.ttl or ttl > w.ttl then
      w.ttl = ttl
    end
  end
  return now
end

local kb, ab = 0, 3
for c = 1, tonumber(argv[1]) do
  local n = numbers[argv[ab]] or number(argv[ab])
  local ok, reply = pcall(decide, c, kb, ab + 2, n, argv[ab + 1], argv[ab + 2])
  if not ok then
    if type(reply) == 'table' then
      reply = reply.err or reply.message
    end
    reply = tostring(reply)
    if settling then
      fail_owners(settling, reply)
      settling = nil
    end
    -- A failed call may have written part of its effects: nothing the batch knew still holds.
    -- (What it owes other windows still does: that is kept apart from known.)
    known = {}
    reply = {-1, reply}
  end
  replies[c] = reply
  kb = kb + 2 * n
  ab = ab + 3 + 3 * n
end

-- The writes owed, once per window: its entries, its total, and its expiry moved to the longest an
-- admission asked when that is later than the one it has. A set this batch created has none; any
-- other is moved forward by PEXPIRE ... GT (Redis 7), which answers 0 when the set expires later,
-- or never: then PTTL tells them apart, as it does for every set when GT is refused (Redis 5, 6).
local expire_gt = true
local function finish(zkey, w)
  local z = w.zadd
  for from = 1, #z, 2 * ZADD_CHUNK do
    call('ZADD', zkey, unpack(z, from, math.min(#z, from + 2 * ZADD_CHUNK - 1)))
  end
  local rearmed = false
  if w.ttl then
    local ttl = texts[w.ttl] or fmt(w.ttl)
    if w.fresh then
      call('PEXPIRE', zkey, ttl)
      rearmed = true
    else
      if expire_gt then
        local ok, moved = pcall(call, 'PEXPIRE', zkey, ttl, 'GT')
        if not ok then
          expire_gt = false
        elseif moved == 1 then
          rearmed = true
        end
      end
      if not rearmed and call('PTTL', zkey) < w.ttl then
        call('PEXPIRE', zkey, ttl)
        rearmed = true
      end
    end
    if rearmed then
      if w.total then
        call('SET', w.tkey, texts[w.total] or fmt(w.total), 'PX', ttl)
      else
        call('PEXPIRE', w.tkey, ttl)
      end
      return
    end
  end
  if w.total then
    call('SET', w.tkey, texts[w.total] or fmt(w.total), 'KEEPTTL')
  end
end

for wi = 1, #written do
  local w = writes[written[wi]]
  local ok, e = pcall(finish, written[wi], w)
  if not ok then
    if type(e) == 'table' then
      e = e.err or e.message
    end
    fail_owners(w, tostring(e))
  end
end
return replies
