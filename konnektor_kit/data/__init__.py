"""How bytes reach a database: the site file, connections, SQL dialects, the settings store."""
