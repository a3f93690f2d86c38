/**
 * The answer box: a MathLive math field (fractions, powers, roots typed naturally), sent as
 * ASCII maths, with a plain-text box as the alternative (screen readers, or by choice).
 * MathLive's fonts are served from this app's bundle; its sounds are off.
 */
import { MathfieldElement } from "mathlive";
import { useEffect, useId, useRef, useState } from "react";

MathfieldElement.fontsDirectory = "/mathlive/fonts";
MathfieldElement.soundsDirectory = null;

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "math-field": React.DetailedHTMLProps<React.HTMLAttributes<MathfieldElement>, MathfieldElement> & {
        "math-virtual-keyboard-policy"?: string;
      };
    }
  }
}

export function MathInput({
  label,
  onChange,
  onSubmit,
  resetKey,
}: {
  label: string;
  onChange: (ascii: string) => void;
  onSubmit: () => void;
  resetKey: string;
}) {
  const id = useId();
  const field = useRef<MathfieldElement>(null);
  const [plain, setPlain] = useState(false);
  const [text, setText] = useState("");

  useEffect(() => {
    setText("");
    onChange("");
    if (field.current) field.current.value = "";
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);

  useEffect(() => {
    const el = field.current;
    if (!el || plain) return;
    const input = () => onChange(el.getValue("ascii-math"));
    const keydown = (event: KeyboardEvent) => {
      if (event.key === "Enter") {
        event.preventDefault();
        onSubmit();
      }
    };
    el.addEventListener("input", input);
    el.addEventListener("keydown", keydown, { capture: true });
    return () => {
      el.removeEventListener("input", input);
      el.removeEventListener("keydown", keydown, { capture: true });
    };
  }, [plain, onChange, onSubmit]);

  return (
    <div className="answer">
      <label htmlFor={id}>{label}</label>
      {plain ? (
        <input
          id={id}
          type="text"
          inputMode="text"
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") onSubmit();
          }}
        />
      ) : (
        <math-field id={id} ref={field} aria-label={label} math-virtual-keyboard-policy="auto" />
      )}
      <button type="button" className="link" onClick={() => setPlain(!plain)}>
        {plain ? "Use the maths keyboard" : "Type as plain text"}
      </button>
    </div>
  );
}
