"""What the verbs' answers look like: tables (pandas, views), escaped HTML (markup) and the diagnosis
report; the same for the command line, the pages and the campaign's index."""
