"""Misconceptions in exponentials and logarithms, calculus, trigonometric equations,
sequences and binomial expansion (rules in `rules_calculus` and `rules_sequences`)."""

from __future__ import annotations

from mathpath.maths.misconceptions import rules_calculus as rc
from mathpath.maths.misconceptions import rules_sequences as rs
from mathpath.maths.misconceptions.model import Misconception

ANALYSIS: list[Misconception] = [
    Misconception(
        "log-of-sum",
        "logarithm.equation",
        "ln a + ln b = ln(a + b)",
        "The log laws say ln a + ln b = ln(ab): adding logs means multiplying inside.",
        buggy=rc.log_of_sum,
    ),
    Misconception(
        "exponent-divided-by-base",
        "exponential.equation",
        "Dividing by the base to undo a power",
        "To get a power down, take logs of both sides: if 2ˣ = 16 then x ln 2 = ln 16. "
        "Dividing by 2 undoes × 2, not 'to the power'.",
        buggy=rc.exponent_divided_by_base,
    ),
    Misconception(
        "coefficient-into-base",
        "exponential.equation",
        "Multiplying the coefficient into the base",
        "3 × 2ˣ is not 6ˣ: the power only applies to the 2. Divide by 3 first.",
        buggy=rc.coefficient_into_base,
    ),
    Misconception(
        "chain-rule-missing-inner",
        "differentiate",
        "Chain rule without the inner derivative",
        "With a function inside a function, differentiate the outside and then multiply by "
        "the derivative of the inside: d/dx (3x + 1)⁵ = 5(3x + 1)⁴ × 3.",
        buggy=rc.chain_without_inner,
    ),
    Misconception(
        "product-rule-multiply-derivatives",
        "differentiate",
        "d(uv)/dx = du/dx × dv/dx",
        "For a product use u dv/dx + v du/dx: differentiating each factor and multiplying "
        "doesn't work (try it on x × x).",
        buggy=rc.product_of_derivatives,
    ),
    Misconception(
        "quotient-rule-order",
        "differentiate",
        "Quotient rule the wrong way round",
        "The quotient rule is (v du/dx − u dv/dx) / v²: bottom times derivative of top comes "
        "first, because of the minus sign the order matters.",
        buggy=rc.quotient_rule_reversed,
    ),
    Misconception(
        "quotient-of-derivatives",
        "differentiate",
        "Differentiating the top and the bottom separately",
        "The derivative of a fraction is not the top's derivative over the bottom's: use the "
        "quotient rule, (v du/dx − u dv/dx) / v².",
        buggy=rc.quotient_of_derivatives,
    ),
    Misconception(
        "power-rule-not-reduced",
        "differentiate",
        "Forgetting to reduce the power",
        "Multiply by the power, then take one off the power: x³ becomes 3x².",
        buggy=rc.power_not_reduced,
    ),
    Misconception(
        "derivative-of-constant-kept",
        "differentiate",
        "Keeping the constant term",
        "A constant doesn't change, so its gradient is 0: it disappears when you differentiate.",
        buggy=rc.constant_kept,
    ),
    Misconception(
        "integrate-multiply-by-power",
        "integrate.indefinite",
        "Multiplying by the new power",
        "When integrating, add one to the power and then divide by the new power.",
        buggy=rc.integrate_multiplies,
    ),
    Misconception(
        "differentiated-instead",
        "integrate.indefinite",
        "Differentiating instead of integrating",
        "Integrating is the reverse of differentiating: the power goes up by one, not down.",
        buggy=rc.differentiate_instead,
    ),
    Misconception(
        "missing-constant-of-integration",
        "integrate.indefinite",
        "No + C",
        "An indefinite integral needs + C, because any constant differentiates to zero.",
        from_answer=rc.missing_constant,
    ),
    Misconception(
        "definite-limits-swapped",
        "integrate.definite",
        "Subtracting the wrong way round",
        "Work out F(top limit) − F(bottom limit), in that order.",
        buggy=rc.limits_swapped,
    ),
    Misconception(
        "definite-lower-limit-ignored",
        "integrate.definite",
        "Ignoring the lower limit",
        "Substitute both limits: F(top) − F(bottom). The bottom limit only drops out when "
        "F(bottom) is 0.",
        buggy=rc.lower_limit_ignored,
    ),
    Misconception(
        "substitution-forgets-du",
        "integrate.substitution",
        "Forgetting to change dx to du",
        "When you substitute u, replace dx too: dx = du ÷ (du/dx). That factor changes the answer.",
        buggy=rc.substitution_forgets_du,
    ),
    Misconception(
        "trig-principal-value-only",
        "trig.equation",
        "Stopping at the calculator value",
        "Your calculator gives one solution. Use the graph or the CAST diagram to find all "
        "the others in the interval.",
        buggy=rs.principal_only,
    ),
    Misconception(
        "trig-multiple-angle-interval",
        "trig.equation",
        "Not extending the interval for 2x",
        "If 0 ≤ x ≤ 360 then 0 ≤ 2x ≤ 720: find every value of 2x in the bigger interval "
        "before dividing by 2.",
        buggy=rs.multiple_angle_interval,
    ),
    Misconception(
        "nth-term-off-by-one",
        "sequence.arithmetic",
        "Using a + nd instead of a + (n − 1)d",
        "The first term has no differences added to it, so the nth term is a + (n − 1)d. "
        "Check your formula gives the first term when n = 1.",
        buggy=rs.nth_term_off_by_one,
    ),
    Misconception(
        "nth-term-first-as-multiplier",
        "sequence.arithmetic",
        "Multiplying n by the first term",
        "The number in front of n is the common difference (how much the terms go up by), "
        "not the first term.",
        buggy=rs.nth_term_uses_first_as_multiplier,
    ),
    Misconception(
        "geometric-power-n",
        "sequence.geometric",
        "Using rⁿ instead of rⁿ⁻¹",
        "The first term is a, so the nth term is a rⁿ⁻¹. Check with n = 1.",
        buggy=rs.geometric_power_n,
    ),
    Misconception(
        "sum-to-infinity-formula",
        "sequence.geometric",
        "Wrong sum-to-infinity formula",
        "S∞ = a / (1 − r), and it only works when −1 < r < 1.",
        buggy=rs.sum_to_infinity_wrong,
    ),
    Misconception(
        "binomial-power-on-x-only",
        "binomial.expansion",
        "Raising only x to the power",
        "In (2 + 3x)ⁿ the whole term 3x is raised to the power: (3x)² = 9x², not 3x².",
        buggy=rs.binomial_power_on_x_only,
    ),
    Misconception(
        "binomial-missing-ncr",
        "binomial.expansion",
        "Leaving out the binomial coefficients",
        "Each term needs its nCr coefficient (from Pascal's triangle), e.g. 1, 5, 10, 10, 5, 1 "
        "for power 5.",
        buggy=rs.binomial_no_coefficients,
    ),
]
