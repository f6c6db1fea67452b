"""`make bench`: the performance budgets of SPEC §8, measured as ratios in one run."""
