"""Who may open what: which site files a page may open (sites), the staff gate with its delay (staff) and
the credential hashes behind it (credentials)."""
