"""Work over many sites at once: the campaign (run, resume, index) and fleets of sandbox sites for it."""
