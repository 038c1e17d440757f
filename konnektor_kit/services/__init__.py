"""The procedure's verbs, one module each, used by every face: inspect, discover, test, plan/apply/undo and
ready (readiness); workspace opens a site for them. Nothing here draws a table or knows a face."""
