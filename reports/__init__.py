"""Reports by the organization tree, the staff home panels and CPD compliance reminders (layer 6).

Every figure is an aggregate computed in SQL over the organization subtree the reader may see (treebeard's
materialized path: `organization__path__startswith`), grouped by the path prefix of the next level down, so a report
runs the same number of queries for ten counselors as for ten thousand and never reads a row outside the subtree.
"""
