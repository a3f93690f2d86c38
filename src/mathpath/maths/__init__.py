"""Pure mathematics library: parsing, checking, steps, solvers, misconceptions, generators.

Imports nothing of Mathpath's outside this package (no I/O, no web, no database).
"""
