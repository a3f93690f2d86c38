"""Misconceptions in linear equations, expanding, factorising, quadratics, simultaneous
equations, algebraic fractions, indices and surds. Each buggy rule (in `rules_algebra` and
`rules_numbers`) reproduces the mistake on the problem's own data."""

from __future__ import annotations

from mathpath.maths.misconceptions import rules_algebra as ra
from mathpath.maths.misconceptions import rules_numbers as rn
from mathpath.maths.misconceptions.model import Misconception

ALGEBRA: list[Misconception] = [
    Misconception(
        "divide-one-term-only",
        "linear.equation",
        "Dividing only one term by the coefficient",
        "When you divide to get x on its own, every term on both sides has to be divided, not "
        "just the x term. It often helps to move the number term first.",
        buggy=ra.divide_one_term,
    ),
    Misconception(
        "move-term-keep-sign",
        "linear.equation",
        "Moving a term without changing its sign",
        "When a term moves to the other side of the equals sign it does the opposite "
        "operation: +5 on one side becomes −5 on the other.",
        buggy=ra.move_without_sign_change,
    ),
    Misconception(
        "subtract-coefficient",
        "linear.equation",
        "Subtracting the coefficient instead of dividing",
        "3x means 3 × x, so to undo it you divide by 3; subtracting 3 undoes + 3, not × 3.",
        buggy=ra.subtract_coefficient,
    ),
    Misconception(
        "divide-wrong-way",
        "linear.equation",
        "Dividing the wrong way round",
        "If 4x = 12, then x = 12 ÷ 4, not 4 ÷ 12. Divide the number side by the coefficient.",
        buggy=ra.divide_wrong_way,
        from_answer=rn.reciprocal_answer,
    ),
    Misconception(
        "same-operation-not-inverse",
        "linear.equation",
        "Doing the same operation instead of the opposite one",
        "To get x on its own, undo what is done to it: undo × 4 by dividing by 4, and undo ÷ 4 "
        "by multiplying by 4. If x/4 = 3, then x = 3 × 4 = 12, not 3 ÷ 4.",
        buggy=ra.same_operation_not_inverse,
    ),
    Misconception(
        "inequality-not-flipped",
        "linear.inequality",
        "Not flipping the inequality when dividing by a negative",
        "Multiplying or dividing both sides by a negative number reverses the order, so the "
        "inequality sign must turn round. Try a number to check!",
        buggy=ra.inequality_not_flipped,
    ),
    Misconception(
        "expand-first-term-only",
        "expand",
        "Multiplying only the first term in the bracket",
        "The number outside a bracket multiplies every term inside it: 3(x + 4) = 3x + 12.",
        buggy=ra.expand_first_term_only,
    ),
    Misconception(
        "square-of-sum",
        "expand",
        "(a + b)² = a² + b²",
        "(a + b)² means (a + b)(a + b). Multiply it out and you get a middle term: a² + 2ab + b².",
        buggy=ra.square_of_sum,
    ),
    Misconception(
        "square-of-difference",
        "expand",
        "(a − b)² = a² − b²",
        "(a − b)² = (a − b)(a − b) = a² − 2ab + b². The last term is + b² because "
        "negative × negative is positive.",
        buggy=ra.square_of_difference_signs,
    ),
    Misconception(
        "missing-middle-terms",
        "expand",
        "Multiplying only firsts and lasts",
        "Each term in the first bracket multiplies each term in the second: that's four "
        "products, and the two middle ones often combine.",
        buggy=ra.missing_middle_terms,
    ),
    Misconception(
        "factorise-sign-error",
        "factorise",
        "Wrong signs in the brackets",
        "Check by expanding: the numbers in the brackets must multiply to the constant term "
        "and add to the x coefficient, signs included.",
        buggy=ra.factorise_sign_error,
    ),
    Misconception(
        "partial-factorisation",
        "factorise",
        "Not taking out the highest common factor",
        "Take out the highest common factor: check whether what's left in the bracket still "
        "has a number or letter in common.",
        buggy=ra.partial_factorisation,
    ),
    Misconception(
        "difference-of-squares-as-square",
        "factorise",
        "x² − 9 = (x − 3)²",
        "(x − 3)² expands to x² − 6x + 9. A difference of two squares factorises to "
        "(x + 3)(x − 3).",
        buggy=ra.dots_as_square,
    ),
    Misconception(
        "drop-negative-root",
        "quadratic",
        "Forgetting the negative square root",
        "Every positive number has two square roots: if x² = 9 then x = 3 or x = −3.",
        buggy=rn.drop_negative_root_rule,
        from_answer=rn.drop_negative_root_answer,
    ),
    Misconception(
        "quadratic-formula-sign-of-b",
        "quadratic.formula",
        "Using +b instead of −b in the formula",
        "The formula starts with −b: if b is −5, then −b is +5.",
        buggy=rn.formula_sign_of_b,
    ),
    Misconception(
        "quadratic-formula-divide-by-a",
        "quadratic.formula",
        "Dividing by a instead of 2a",
        "The whole of −b ± √(b² − 4ac) is divided by 2a, not by a.",
        buggy=rn.formula_divide_by_a,
    ),
    Misconception(
        "quadratic-formula-partial-division",
        "quadratic.formula",
        "Dividing only the square root by 2a",
        "The fraction line goes under the whole top: (−b ± √(b² − 4ac)) ÷ 2a.",
        buggy=rn.formula_partial_division,
    ),
    Misconception(
        "zero-product-sign",
        "quadratic.factorise",
        "Taking the numbers from the brackets as roots",
        "If (x − 2)(x + 3) = 0 then x − 2 = 0 or x + 3 = 0, so x = 2 or x = −3: the signs "
        "swap when you solve each bracket.",
        buggy=rn.roots_sign_flipped,
    ),
    Misconception(
        "completing-square-sign",
        "quadratic.complete_square",
        "Wrong sign inside the completed square",
        "x² + 6x = (x + 3)² − 9: the number in the bracket has the same sign as the x "
        "coefficient, and the solutions come from x + 3 = ±√…, so x = −3 ± √….",
        buggy=rn.completing_square_sign,
    ),
    Misconception(
        "simultaneous-add-not-subtract",
        "simultaneous.linear",
        "Adding when the signs are the same",
        "To eliminate a letter: Same Signs Subtract, Different signs aDD. Check the letter "
        "really disappears.",
        buggy=rn.simultaneous_add_not_subtract,
    ),
    Misconception(
        "simultaneous-values-swapped",
        "simultaneous.linear",
        "Swapping the x and y values",
        "Say which letter each value belongs to, and check both equations with your answer.",
        buggy=rn.simultaneous_swapped,
    ),
    Misconception(
        "add-tops-and-bottoms",
        "fractions.add",
        "Adding the tops and adding the bottoms",
        "Fractions need a common denominator before you add: 1/2 + 1/3 = 3/6 + 2/6 = 5/6, not 2/5.",
        buggy=rn.add_tops_and_bottoms,
    ),
    Misconception(
        "numerators-not-scaled",
        "fractions.add",
        "Changing the bottom but not the top",
        "When you change a fraction's denominator, multiply the numerator by the same thing "
        "so the fraction keeps its value.",
        buggy=rn.numerators_not_scaled,
    ),
    Misconception(
        "cancel-terms-not-factors",
        "fractions.simplify",
        "Cancelling terms instead of factors",
        "You can only cancel something that multiplies the whole top and the whole bottom. "
        "Factorise first, then cancel whole brackets.",
        buggy=rn.cancel_terms_not_factors,
    ),
    Misconception(
        "fraction-not-simplified",
        "fractions.simplify",
        "Fraction not in its simplest form",
        "Your answer has the right value, but the top and bottom still share a factor: divide "
        "both by it.",
        from_answer=rn.unsimplified_fraction,
    ),
    Misconception(
        "multiply-indices",
        "indices.simplify",
        "Multiplying the powers when multiplying",
        "x² × x³ = (x·x)(x·x·x) = x⁵: when you multiply powers of the same base you add the "
        "indices.",
        buggy=rn.multiply_powers,
    ),
    Misconception(
        "power-of-power-added",
        "indices.simplify",
        "Adding the powers for a power of a power",
        "(x²)³ = x² × x² × x² = x⁶: for a power of a power you multiply the indices.",
        buggy=rn.power_of_power_added,
    ),
    Misconception(
        "negative-index-negative",
        "indices.simplify",
        "Thinking a negative power gives a negative number",
        "A negative power means 'one over': 2⁻³ = 1/2³ = 1/8. It's still positive.",
        from_answer=rn.negative_power_negative,
    ),
    Misconception(
        "fractional-index-divides",
        "indices.simplify",
        "Treating a fractional power as multiplying",
        "A power of 1/2 means square root and 1/3 means cube root: 8^(1/3) = 2, not 8/3.",
        buggy=rn.fractional_power_divides,
    ),
    Misconception(
        "sqrt-of-sum",
        "surds.simplify",
        "√a + √b = √(a + b)",
        "Roots don't add like that: √9 + √16 = 3 + 4 = 7, but √25 = 5. Simplify each surd, "
        "then collect like surds.",
        buggy=rn.sqrt_of_sum,
    ),
    Misconception(
        "rationalise-bottom-only",
        "surds.simplify",
        "Multiplying only the bottom when rationalising",
        "Multiply the top and the bottom by the same thing, or the fraction changes value.",
        buggy=rn.rationalise_bottom_only,
    ),
    Misconception(
        "sign-error",
        "general",
        "Sign error",
        "Your answer has the right size but the wrong sign. Check each step where a negative "
        "number is involved.",
        from_answer=rn.sign_error_answer,
    ),
]
