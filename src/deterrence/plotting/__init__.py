"""Figures: thin drawing layers over data prepared and tested in :mod:`deterrence.runs`.

Every function takes ``ax=None`` and returns the figure.
"""

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
