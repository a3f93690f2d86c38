/**
 * Item stems and tutor replies are text with maths between `$...$` (inline) or `$$...$$`
 * (display), as in the content pack's Markdown. Split them so that only the maths goes to
 * KaTeX and the rest is shown as plain text (never as HTML).
 */

export type Segment =
  | { kind: "text"; text: string }
  | { kind: "math"; tex: string; display: boolean };

export function splitMath(source: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "\\" && source[i + 1] === "$") {
      text += "$";
      i += 2;
      continue;
    }
    if (ch === "$") {
      const display = source[i + 1] === "$";
      const open = display ? 2 : 1;
      const close = source.indexOf(display ? "$$" : "$", i + open);
      if (close > i + open) {
        if (text) out.push({ kind: "text", text });
        text = "";
        out.push({ kind: "math", tex: source.slice(i + open, close).trim(), display });
        i = close + open;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  if (text) out.push({ kind: "text", text });
  return out;
}
