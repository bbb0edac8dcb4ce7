"""Deeds versus words: A's belief as an equilibrium outcome and as a record.

* :mod:`.signalling` -- cooperation and treaty text as signals (every PBE);
* :mod:`.dynamics` -- A's belief updated over a dated record of events;
* :mod:`.cases` -- the coding of alliances' text and practice (the case library).
"""
