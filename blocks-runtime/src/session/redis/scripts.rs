//! The Lua scripts the Redis store runs: each is one round trip and atomic on the server.

use redis::Script;

/// Locks a session's states for one event and reads their values.
///
/// KEYS: the session's value hash, then one lock key per state. ARGV: the lease token, the
/// hold in ms, the channel where replicas hear that a session is wanted, the session id, then
/// the states' fields. Returns nil when another token holds a lock (and says on the channel
/// that the session is wanted, so that a replica keeping its lease gives it up), else the
/// values (nil where absent); a retry with the same token takes its own locks again.
pub(super) fn acquire() -> Script {
    Script::new(
        r"
for i = 2, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[1] then
    redis.call('PUBLISH', ARGV[3], ARGV[4])
    return false
  end
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return redis.call('HMGET', KEYS[1], unpack(ARGV, 5))
",
    )
}

/// Saves a session's values, sets their expiry, books the session in the open-session index
/// (when it has values), and ends the event's lease, or keeps it a while (if it still holds
/// every lock: else saves nothing).
///
/// KEYS: the value hash, the session index, then the lease's lock keys. ARGV: the lease token
/// (empty: no lease), the TTL in ms, the session id, how long to keep the locks in ms (0:
/// end them), then field/value pairs. Returns 1, or 0 when the lease ran out.
pub(super) fn commit() -> Script {
    Script::new(
        r"
for i = 3, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
if #ARGV > 4 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 5))
end
if redis.call('PEXPIRE', KEYS[1], ARGV[2]) == 1 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[3])
end
for i = 3, #KEYS do
  if ARGV[4] == '0' then
    redis.call('DEL', KEYS[i])
  else
    redis.call('PEXPIRE', KEYS[i], ARGV[4])
  end
end
return 1
",
    )
}

/// Ends a lease without saving: deletes the locks it still holds.
///
/// KEYS: the lock keys. ARGV: the token.
pub(super) fn release() -> Script {
    Script::new(
        r"
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1
",
    )
}

/// Makes a lease's locks last longer, if it still holds every one.
///
/// KEYS: the lock keys. ARGV: the token, the hold in ms. Returns 1, or 0 when it ran out.
pub(super) fn extend() -> Script {
    Script::new(
        r"
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 1, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1
",
    )
}

/// Counts the sessions with values stored: drops the expired ones from the index first.
///
/// KEYS: the session index.
pub(super) fn count() -> Script {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
",
    )
}

/// The admission rule, as a Lua function `admit(index, session, cap, idle, ttl, prefix)`:
/// whether a session may open under a cap across replicas. 1 if the index has it or has fewer
/// than the cap (expired ones dropped first), or if the least recently used session has gone
/// unused long enough to be evicted to make room (its values deleted, as the session table
/// evicts closed sessions); else 0.
macro_rules! admit_function {
    () => {
        r"
local function admit(index, session, cap, idle, ttl, prefix)
  if redis.call('ZSCORE', index, session) then return 1 end
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  if redis.call('ZCARD', index) < tonumber(cap) then return 1 end
  local oldest = redis.call('ZRANGE', index, 0, 0, 'WITHSCORES')
  if oldest[1] and tonumber(oldest[2]) - tonumber(ttl) <= now - tonumber(idle) then
    redis.call('ZREM', index, oldest[1])
    redis.call('DEL', prefix .. ':{' .. oldest[1] .. '}:v')
    return 1
  end
  return 0
end
"
    };
}

/// Whether a session may open under a cap across replicas (see `admit_function`): 1 or 0.
///
/// KEYS: the session index. ARGV: the session id, the cap, how long a session must have gone
/// unused to be evicted (ms), the sessions' TTL (ms), the key prefix.
pub(super) fn admit() -> Script {
    Script::new(concat!(
        admit_function!(),
        "return admit(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5])"
    ))
}

/// Admits a session like `admit` and, when it may open and no other token holds its states'
/// locks, takes them for a while and reads their values (a retry with the same token takes
/// its own locks again).
///
/// KEYS: the session index, the value hash, then one lock key per state. ARGV: as `admit`,
/// then the lease token, how long to take the locks (ms), then the states' fields. Returns 0
/// (refused), 1 (admitted, states not taken), or the values (nil where absent).
pub(super) fn admit_holding() -> Script {
    Script::new(concat!(
        admit_function!(),
        r"
if admit(KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]) == 0 then return 0 end
for i = 3, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[6] then return 1 end
end
for i = 3, #KEYS do
  redis.call('SET', KEYS[i], ARGV[6], 'PX', ARGV[7])
end
return redis.call('HMGET', KEYS[2], unpack(ARGV, 8))
"
    ))
}
