import { describe, expect, test } from "vitest";
import { readSse, SseParser, type SseEvent } from "./sse";

const TUTOR_STREAM =
  'event: meta\ndata: {"turn": 0, "rung": 2}\n\n' +
  'event: delta\ndata: {"text": "Here\'s the idea "}\n\n' +
  'event: delta\ndata: {"text": "you need."}\n\n' +
  'event: done\ndata: {"text": "Here\'s the idea you need."}\n\n';

function parseAll(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
}

describe("SseParser", () => {
  test("reads the tutor's events in order", () => {
    const events = parseAll([TUTOR_STREAM]);
    expect(events.map((e) => e.event)).toEqual(["meta", "delta", "delta", "done"]);
    expect(JSON.parse(events[3]!.data).text).toBe("Here's the idea you need.");
  });

  test("gives the same events however the stream is cut into chunks", () => {
    const whole = parseAll([TUTOR_STREAM]);
    for (let size = 1; size <= 7; size++) {
      const chunks = TUTOR_STREAM.match(new RegExp(`[\\s\\S]{1,${size}}`, "g"))!;
      expect(parseAll(chunks)).toEqual(whole);
    }
  });

  test("handles CRLF and CR line ends, split between chunks", () => {
    expect(parseAll(["event: a\r", "\ndata: 1\r\n\r", "\n", "data: 2\r\r"])).toEqual([
      { event: "a", data: "1" },
      { event: "message", data: "2" },
    ]);
  });

  test("joins multi-line data, skips comments, defaults the event name", () => {
    expect(parseAll([": keep-alive\n", "data: one\ndata: two\n\n"])).toEqual([{ event: "message", data: "one\ntwo" }]);
  });

  test("an event name without data is not an event", () => {
    expect(parseAll(["event: ping\n\n", "event: x\ndata:\n\n"])).toEqual([{ event: "x", data: "" }]);
  });

  test("the last event is kept when the stream ends without its blank line", () => {
    expect(parseAll(["event: done\ndata: {}"])).toEqual([{ event: "done", data: "{}" }]);
  });
});

test("readSse decodes a byte stream split inside a multi-byte character", async () => {
  const bytes = new TextEncoder().encode('event: delta\ndata: {"text": "x² − 7x"}\n\n');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
      controller.close();
    },
  });
  const seen: SseEvent[] = [];
  await readSse(stream, (e) => seen.push(e));
  expect(seen).toEqual([{ event: "delta", data: '{"text": "x² − 7x"}' }]);
});
