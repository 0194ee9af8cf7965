"""solver: assemble a key-account team with OR-Tools, exactly where it can, and explain it.

A pure library (it knows no database and no GraphQL) that reads and writes the JSON format of
shared/design/PROBLEM_FORMAT.md (`teamgraph-staffing/1` in, `teamgraph-result/1` out).
"""

from solver.check import check
from solver.model import Problem, Result
from solver.parse import ProblemError, parse_problem
from solver.score import objective_terms
from solver.serialise import problem_to_json, result_from_json, result_to_json
from solver.solve import Progress, Stop, solve
from solver.stats import SolveStats

__all__ = [
    "Problem",
    "ProblemError",
    "Progress",
    "Result",
    "SolveStats",
    "Stop",
    "check",
    "objective_terms",
    "parse_problem",
    "problem_to_json",
    "result_from_json",
    "result_to_json",
    "solve",
]
