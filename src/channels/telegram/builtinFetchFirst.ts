/**
 * Loads Node's own `fetch` implementation before the undici package is imported. Both keep the
 * process-wide dispatcher under the same global symbol, and whichever loads first installs its own
 * `Agent` there. On Node 20 the built-in `fetch` is undici 6: given undici 7's `Agent`, it fails
 * requests it would otherwise send (an explicit `content-length` header is refused as invalid), so
 * any `fetch` in the process (a dependency's, a test's) would break once the Bot API transport is
 * loaded. Touching a lazily loaded fetch global loads Node's implementation, which installs its own
 * dispatcher; undici 7 then leaves it alone (on Node 22 and later both are the same major).
 *
 * Import it before `undici` (ES modules evaluate imports in order).
 */
void globalThis.Headers;
