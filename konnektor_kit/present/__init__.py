"""What the verbs' answers look like: tables (pandas, views), escaped HTML (markup), the one page frame
and palette (page_frame), the diagnosis report (report) and its file (report_file); the same for the
command line, the pages and the campaign's index."""
