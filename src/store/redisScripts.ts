/**
 * The Lua scripts that make the Redis store's multi-key steps atomic (a commit, an outbox
 * completion, the patient lock), and a runner that uses EVALSHA with an EVAL fallback.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { batchWrites } from './writeBatch.js';

/** A Lua script with its SHA-1. */
export interface Script {
  name: string;
  lua: string;
  sha: string;
}

/** Names a Lua script and computes its SHA-1 (for {@link runScript}). */
export function script(name: string, lua: string): Script {
  return { name, lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/**
 * Runs a script by SHA, loading it on NOSCRIPT (after a Redis restart or failover). Its write joins
 * the others of this pass of the event loop ({@link batchWrites}).
 */
export async function runScript(
  redis: Redis,
  s: Script,
  keys: string[],
  args: (string | number | Buffer)[],
): Promise<unknown> {
  batchWrites(redis);
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
      return redis.eval(s.lua, keys.length, ...keys, ...args);
    }
    throw err;
  }
}

/**
 * One turn's commit. KEYS: doc, history, outboxIds, outboxItems, pendingOutbox, patients, code,
 * lock, activity. ARGV: docJson, expectedRevision, historyBlob|'' , expectedHistorySha,
 * historyTtlMs, lockValue|'', patientId, codePrefix, item count, lastMessageAt, then id/json pairs.
 * Returns {'ok', pendingBefore} | {'conflict', revision} | {'history'} | {'lock'}, where
 * pendingBefore counts the outbox items that were pending before this commit added its own.
 */
export const COMMIT = script(
  'commit',
  `
if ARGV[6] ~= '' and redis.call('GET', KEYS[8]) ~= ARGV[6] then return {'lock'} end
local cur = redis.call('GET', KEYS[1])
local oldCode = nil
if cur then
  local ok, d = pcall(cjson.decode, cur)
  if ok and type(d) == 'table' then
    if type(d.revision) == 'number' and d.revision ~= tonumber(ARGV[2]) then
      return {'conflict', tostring(d.revision)}
    end
    if type(d.code) == 'string' then oldCode = d.code end
  end
end
local ttl = tonumber(ARGV[5])
if ARGV[3] ~= '' then
  local h = redis.call('GET', KEYS[2])
  local sha = ''
  if h then sha = redis.sha1hex(h) end
  if sha ~= ARGV[4] then return {'history'} end
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ttl)
else
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('SET', KEYS[1], ARGV[1])
if oldCode and string.upper(oldCode) ~= string.upper(ARGV[8]) then
  local oldKey = ARGV[9] .. string.upper(oldCode)
  if redis.call('GET', oldKey) == ARGV[7] then redis.call('DEL', oldKey) end
end
redis.call('SET', KEYS[7], ARGV[7])
redis.call('SADD', KEYS[6], ARGV[7])
redis.call('ZADD', KEYS[9], ARGV[11], ARGV[7])
local before = redis.call('LLEN', KEYS[3])
local n = tonumber(ARGV[10])
for i = 0, n - 1 do
  local id = ARGV[12 + 2 * i]
  if redis.call('HSETNX', KEYS[4], id, ARGV[13 + 2 * i]) == 1 then redis.call('RPUSH', KEYS[3], id) end
end
if n > 0 then redis.call('SADD', KEYS[5], ARGV[7]) end
return {'ok', tostring(before)}
`,
);

/**
 * Indexes patients the activity index lacks (a deployment from before it existed). KEYS: patients,
 * activity. ARGV: score/id pairs. A patient erased since the caller read its document is skipped,
 * and a score a turn wrote meanwhile is kept (NX). Returns how many were added.
 */
export const BACKFILL_ACTIVITY = script(
  'backfillActivity',
  `
local added = 0
for i = 1, #ARGV, 2 do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i + 1]) == 1 then
    added = added + redis.call('ZADD', KEYS[2], 'NX', ARGV[i], ARGV[i + 1])
  end
end
return added
`,
);

/**
 * Completes one outbox item, and ends the turn when asked: KEYS: outboxIds, outboxItems,
 * pendingOutbox, and optionally the lock. ARGV: itemId, patientId, and the lock value to release
 * (only if still ours) when the lock key is given. A turn's last item and its lock release are one
 * round trip.
 */
export const COMPLETE_OUTBOX = script(
  'completeOutbox',
  `
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[2])
end
if KEYS[4] and redis.call('GET', KEYS[4]) == ARGV[3] then redis.call('DEL', KEYS[4]) end
return 1
`,
);

/**
 * Takes the patient lock, or joins the patient's FIFO (when ARGV[4] is '1') and takes the lock if
 * it is free and this waiter is first in line. KEYS: lock, queue, alive, ticket, fence, doc,
 * outboxIds. ARGV: token, waiterTtlMs, lockTtlMs, enqueue. Returns `{fence, doc, pendingCount}`
 * when acquired (the document comes with the lock: a turn's first read costs no round trip),
 * `{0}` when still waiting, `{-1}` when this waiter lost its place (it stopped polling for too
 * long) and must join again. A free lock with nobody waiting is taken at once, without a ticket.
 */
export const ACQUIRE = script(
  'acquire',
  `
local function taken(fence)
  return {fence, redis.call('GET', KEYS[6]), redis.call('LLEN', KEYS[7])}
end
if ARGV[4] == '1' and redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  local fence = redis.call('INCR', KEYS[5])
  redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[3])
  return taken(fence)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[4] == '1' then
  local n = redis.call('INCR', KEYS[4])
  redis.call('PEXPIRE', KEYS[4], 600000)
  redis.call('ZADD', KEYS[2], n, ARGV[1])
elseif not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return {-1}
end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for _, d in ipairs(dead) do
  redis.call('ZREM', KEYS[2], d)
  redis.call('ZREM', KEYS[3], d)
end
redis.call('PEXPIRE', KEYS[2], 600000)
redis.call('PEXPIRE', KEYS[3], 600000)
if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
local head = redis.call('ZRANGE', KEYS[2], 0, 0)[1]
if head ~= ARGV[1] then return {0} end
local fence = redis.call('INCR', KEYS[5])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return taken(fence)
`,
);

/** Leaves the queue without the lock. KEYS: queue, alive. ARGV: token. */
export const LEAVE = script(
  'leave',
  `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`,
);

/** Releases the lock if still ours. KEYS: lock. ARGV: value. */
export const RELEASE = script(
  'release',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

/** Extends the lock if still ours. KEYS: lock. ARGV: value, ttlMs. */
export const RENEW = script(
  'renew',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
);

/**
 * Replaces a patient code in the audit log with `erased` (right to erasure). KEYS: audit.
 * ARGV: the JSON fragment to find, its replacement. Returns how many entries changed.
 */
export const SCRUB_AUDIT = script(
  'scrubAudit',
  `
local list = redis.call('LRANGE', KEYS[1], 0, -1)
local changed = 0
for i, v in ipairs(list) do
  local s, e = string.find(v, ARGV[1], 1, true)
  if s then
    redis.call('LSET', KEYS[1], i - 1, string.sub(v, 1, s - 1) .. ARGV[2] .. string.sub(v, e + 1))
    changed = changed + 1
  end
end
return changed
`,
);

/**
 * Audit entries holding any of ARGV (plain substrings of the stored JSON) get their `actor` and
 * `detail` replaced by "removed at erasure"; the time, kind and code stay. KEYS: the audit list.
 * Returns how many entries changed.
 */
export const SCRUB_LEGACY_AUDIT = script(
  'scrubLegacyAudit',
  `
local list = redis.call('LRANGE', KEYS[1], 0, -1)
local changed = 0
for i, v in ipairs(list) do
  for j = 1, #ARGV do
    if string.find(v, ARGV[j], 1, true) then
      local ok, e = pcall(cjson.decode, v)
      local out = '{"at":0,"kind":"erase","detail":"removed at erasure"}'
      if ok and type(e) == 'table' then
        if e.actor ~= nil then e.actor = 'removed at erasure' end
        if e.detail ~= nil then e.detail = 'removed at erasure' end
        out = cjson.encode(e)
      end
      redis.call('LSET', KEYS[1], i - 1, out)
      changed = changed + 1
      break
    end
  end
end
return changed
`,
);

/**
 * A counter in a fixed window. ARGV: by (0 reads, 1 adds), window ms. The first event sets the
 * expiry; a read never creates the key. Returns the count.
 */
export const COUNT_IN_WINDOW = script(
  'countInWindow',
  `
if ARGV[1] == '0' then return tonumber(redis.call('GET', KEYS[1]) or '0') end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n
`,
);
