"""Analysis of results: global sensitivity (sensitivity.py), scenario discovery
(discovery.py) and uncertainty bands of single runs (uncertainty.py), over tables
read by table.py.  Data only: the figures are drawn in ``plotting/analysis.py``."""
