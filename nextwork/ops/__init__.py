"""Commands and tooling: the command line, the benchmark, the load test, several processes
behind nginx."""
