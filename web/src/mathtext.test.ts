import { expect, test } from "vitest";
import { splitMath } from "./mathtext";

test("inline maths is split from the text around it", () => {
  expect(splitMath("Solve $x^2 - 7x + 10 = 0$.")).toEqual([
    { kind: "text", text: "Solve " },
    { kind: "math", tex: "x^2 - 7x + 10 = 0", display: false },
    { kind: "text", text: "." },
  ]);
});

test("display maths uses $$", () => {
  expect(splitMath("$$\\frac{1}{2}$$ and $y$")).toEqual([
    { kind: "math", tex: "\\frac{1}{2}", display: true },
    { kind: "text", text: " and " },
    { kind: "math", tex: "y", display: false },
  ]);
});

test("an escaped or unmatched dollar stays text (prices, half-typed replies)", () => {
  expect(splitMath("It costs \\$5 and $3")).toEqual([{ kind: "text", text: "It costs $5 and $3" }]);
  expect(splitMath("is **zero**: $ax^2 + ")).toEqual([{ kind: "text", text: "is **zero**: $ax^2 + " }]);
});

test("an empty pair of dollars is not maths", () => {
  expect(splitMath("$$")).toEqual([{ kind: "text", text: "$$" }]);
});

test("markup in the text is returned as text, never interpreted", () => {
  expect(splitMath("<img src=x onerror=alert(1)> $1<2$")).toEqual([
    { kind: "text", text: "<img src=x onerror=alert(1)> " },
    { kind: "math", tex: "1<2", display: false },
  ]);
});
