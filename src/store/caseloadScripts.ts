/**
 * The Lua scripts of caseloads on Redis (issue 23, `redisCaseloads.ts`): assigning keeps the
 * owner hash and each chat's set in step, and the intake turn is one counter for every instance.
 */
import { script } from './redisScripts.js';

/**
 * Makes ARGV[2] the owner of patient ARGV[1] ('' unassigns). KEYS: owners (hash patient → chat).
 * ARGV: patient id, chat or '', the prefix of the chats' sets (`<prefix>caseload:of:`). Returns
 * the owner before, or false.
 */
export const ASSIGN = script(
  'assignPatient',
  `
local before = redis.call('HGET', KEYS[1], ARGV[1])
if before then redis.call('SREM', ARGV[3] .. before, ARGV[1]) end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('SADD', ARGV[3] .. ARGV[2], ARGV[1])
end
return before
`,
);

/**
 * Gives patient ARGV[1] to the next chat in turn, unless they have an owner. KEYS: owners, the
 * turn counter. ARGV: patient id, the chats' sets prefix, then the chats. Returns the owner.
 */
export const ASSIGN_IN_TURN = script(
  'assignInTurn',
  `
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if owner then return owner end
local n = #ARGV - 2
if n < 1 then return false end
local turn = redis.call('INCR', KEYS[2])
local chat = ARGV[3 + ((turn - 1) % n)]
redis.call('HSET', KEYS[1], ARGV[1], chat)
redis.call('SADD', ARGV[2] .. chat, ARGV[1])
return chat
`,
);
