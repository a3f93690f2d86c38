/**
 * Server-sent events over fetch. The tutor's messages route is a POST, which EventSource
 * cannot send, so the response body is read and split into events here (the WHATWG
 * "event stream" format: fields `event:` and `data:`, an empty line ends an event).
 */

export interface SseEvent {
  event: string;
  data: string;
}

/** Incremental parser: feed it chunks of text, get back the events they complete. */
export class SseParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (match === null) break;
      const line = this.buffer.slice(0, match.index);
      // A lone "\r" at the end of a chunk may be the first half of "\r\n": wait for more.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const done = this.line(line);
      if (done !== null) out.push(done);
    }
    return out;
  }

  /** The event left when the stream ends without its final blank line, if any. */
  end(): SseEvent[] {
    const rest = this.buffer;
    this.buffer = "";
    const out: SseEvent[] = [];
    if (rest !== "") {
      const done = this.line(rest);
      if (done !== null) out.push(done);
    }
    const last = this.line("");
    if (last !== null) out.push(last);
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === "") {
      if (this.data.length === 0) {
        this.event = "";
        return null;
      }
      const done = { event: this.event || "message", data: this.data.join("\n") };
      this.event = "";
      this.data = [];
      return done;
    }
    if (line.startsWith(":")) return null; // comment
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    return null;
  }
}

/** Read a streamed response body and call `onEvent` for each event, in order. */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(decoder.decode(value, { stream: true }))) onEvent(event);
  }
  for (const event of parser.push(decoder.decode())) onEvent(event);
  for (const event of parser.end()) onEvent(event);
}
