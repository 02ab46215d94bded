"""The figures: KPI definitions and their engine, small-number rules, the fair comparison,
principles, economy, trial effects."""
