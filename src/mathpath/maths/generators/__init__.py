"""Parametric item generators: one template yields endless correct practice.

`REGISTRY[name].generate(seed, params=None) -> GeneratedItem` (stem in Markdown with `$...$`
LaTeX, answer as parser-readable text, kind, form, worked steps and a hint ladder from the
solvers, misconception ids, the params used). The same seed gives the same item.

Names content can use (`generator: <name>` in YAML):

- linear.one_step, linear.two_step, linear.brackets, linear.unknown_both_sides,
  linear.inequality
- expand.single_bracket, expand.double_bracket, expand.square
- factorise.common_factor, factorise.quadratic, factorise.quadratic_harder,
  factorise.difference_of_squares
- quadratic.factorise, quadratic.formula, quadratic.complete_square
- simultaneous.linear, simultaneous.linear_quadratic
- fractions.simplify, fractions.add
- indices.simplify, surds.simplify, surds.rationalise
- exponential.equation, logarithm.equation
- differentiate.power, differentiate.chain, differentiate.product, differentiate.quotient,
  differentiate.stationary_points
- integrate.power, integrate.definite, integrate.substitution
- trig.equation
- sequence.arithmetic_nth_term, sequence.arithmetic_sum, sequence.geometric_term,
  sequence.geometric_sum_to_infinity
- binomial.expansion
"""

from __future__ import annotations

from mathpath.maths.generators.algebra import ALGEBRA
from mathpath.maths.generators.analysis import ANALYSIS
from mathpath.maths.generators.base import GeneratedItem, Generator, GeneratorError, Param

REGISTRY: dict[str, Generator] = {g.name: g for g in (*ALGEBRA, *ANALYSIS)}

__all__ = ["REGISTRY", "GeneratedItem", "Generator", "GeneratorError", "Param"]
