"""What the procedure talks about — modules, codes, settings, accounting programs — with no I/O."""
