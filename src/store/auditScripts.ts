/**
 * The Lua scripts of the audit stream (issue 23, `redisAuditLog.ts`): an append that names the
 * patient by a token and keeps ids in time order, and the retention trim of the audit kept before
 * the stream (a list).
 */
import { script } from './redisScripts.js';

/**
 * Appends one audit entry. KEYS: stream, codes (token → code), tokens (code → token). ARGV: the
 * entry's time (ms), the oldest id to keep (ms: entries older are trimmed, approximately), the
 * entry's JSON without its code, the code or '', a new token for a code that has none yet. The
 * id is the entry's time, or the last id's time when another instance's clock ran ahead (ids
 * must grow). Returns the id.
 */
export const APPEND_AUDIT = script(
  'appendAudit',
  `
local token = ''
if ARGV[4] ~= '' then
  token = redis.call('HGET', KEYS[3], ARGV[4])
  if not token then
    token = ARGV[5]
    redis.call('HSET', KEYS[3], ARGV[4], token)
    redis.call('HSET', KEYS[2], token, ARGV[4])
  end
end
local ms = tonumber(ARGV[1])
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] then
  local lastMs = tonumber(string.match(last[1][1], '^(%d+)'))
  if lastMs > ms then ms = lastMs end
end
local id = string.format('%.0f', ms) .. '-*'
if token ~= '' then
  return redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], id, 'e', ARGV[3], 'p', token)
end
return redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[2], id, 'e', ARGV[3])
`,
);

/**
 * Drops the entries of the audit kept before the stream (a list, oldest first) that are older
 * than the retention. KEYS: the list. ARGV: the oldest time to keep (ms). Returns how many went.
 */
export const TRIM_LEGACY_AUDIT = script(
  'trimLegacyAudit',
  `
local dropped = 0
local cutoff = tonumber(ARGV[1])
while true do
  local first = redis.call('LINDEX', KEYS[1], 0)
  if not first then break end
  local ok, e = pcall(cjson.decode, first)
  if ok and type(e) == 'table' and type(e.at) == 'number' and e.at >= cutoff then break end
  redis.call('LPOP', KEYS[1])
  dropped = dropped + 1
end
return dropped
`,
);
