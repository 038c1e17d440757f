"""One verb each, used by every face: inspect, discover, check, plan/apply/undo, report, sandbox."""
