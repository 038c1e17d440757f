"""LOGO (Tiger, Go 3): firms and periods listed in the main database's L_CAPIFIRM and L_CAPIPERIOD.

A period is chosen by the day it holds (BEGDATE ≤ day ≤ ENDDATE), never by its number or its year:
periods may run July–June, and a firm working "independent of fiscal periods" (dönemsiz) extends the
ENDDATE of its one period instead of opening a new one. At a new year a customer may instead copy
the firm to a new number: the copy is recognised by its tax number, then its title, then its name,
all compared with the Turkish fold, because users retype them when copying.

catalog: what LOGO keeps where; ranking: which period of which firm holds the day; verification: what
`test` proves of a setting; profile: the three behind the Profile every program answers to.
"""
