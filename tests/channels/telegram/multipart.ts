/**
 * A small multipart/form-data reader for the fake Bot API (grammY uploads files this way). Fields
 * holding JSON objects or arrays (e.g. `reply_markup`) are parsed; `attach://id` references are
 * resolved to the uploaded file under the referring field's name.
 */

/** A file uploaded in a multipart call. */
export interface RecordedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Splits a multipart body into parameters and files. Throws on a body without the boundary. */
export function parseMultipart(
  body: Buffer,
  contentType: string,
): { params: Record<string, unknown>; files: Record<string, RecordedFile> } {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Record<string, unknown> = {};
  const parts: Record<string, RecordedFile> = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body without its boundary');
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /(?:^|[;\s])name="([^"]*)"/.exec(head)?.[1] ?? '';
    // grammY writes `filename=name` unquoted; browsers quote it.
    const fm = /filename=(?:"([^"]*)"|([^;\r\n]+))/.exec(head);
    const filename = fm ? (fm[1] ?? fm[2]!.trim()) : undefined;
    if (filename !== undefined) {
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream';
      parts[name] = { filename, contentType: type, data: Buffer.from(content) };
    } else {
      const text = content.toString('utf8');
      params[name] = /^[[{]/.test(text) ? safeJson(text) : text;
    }
    pos = next;
  }
  const files: Record<string, RecordedFile> = {};
  for (const [key, value] of Object.entries(params)) {
    const ref = typeof value === 'string' ? /^attach:\/\/(.+)$/.exec(value)?.[1] : undefined;
    if (ref && parts[ref]) files[key] = parts[ref];
  }
  return { params, files };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
