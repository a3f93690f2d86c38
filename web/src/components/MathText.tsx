/** Text with `$...$` maths: the maths typeset by KaTeX, the rest shown as text (never HTML). */
import katex from "katex";
import { Fragment, useMemo } from "react";
import { splitMath } from "../mathtext";

function Tex({ tex, display }: { tex: string; display: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: "htmlAndMathml" }),
    [tex, display],
  );
  // KaTeX escapes the TeX it is given and emits only its own markup (trust is off).
  return <span className="math" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** `**bold**` inside text segments, as the tutor's replies use it. */
function Strong({ text }: { text: string }) {
  const parts = text.split(/\*\*(.+?)\*\*/g);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <strong key={i}>{part}</strong> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

export function MathText({ text }: { text: string }) {
  const segments = useMemo(() => splitMath(text), [text]);
  return (
    <>
      {segments.map((s, i) =>
        s.kind === "text" ? <Strong key={i} text={s.text} /> : <Tex key={i} tex={s.tex} display={s.display} />,
      )}
    </>
  );
}

/** A lesson's Markdown, simply: headings, list items and paragraphs, each with maths. */
export function Lesson({ body }: { body: string }) {
  const blocks = body.split(/\n{2,}/);
  return (
    <div className="lesson">
      {blocks.map((block, i) => {
        const heading = /^(#{1,3})\s+(.*)$/s.exec(block);
        if (heading) {
          const level = Math.min(heading[1]!.length + 2, 5);
          const Tag = `h${level}` as "h3" | "h4" | "h5";
          return <Tag key={i}><MathText text={heading[2]!} /></Tag>;
        }
        if (/^\s*[-*]\s/.test(block)) {
          return (
            <ul key={i}>
              {block.split(/\n(?=\s*[-*]\s)/).map((item, j) => (
                <li key={j}><MathText text={item.replace(/^\s*[-*]\s+/, "").replace(/\n\s*/g, " ")} /></li>
              ))}
            </ul>
          );
        }
        return <p key={i}><MathText text={block.replace(/\n/g, " ")} /></p>;
      })}
    </div>
  );
}
