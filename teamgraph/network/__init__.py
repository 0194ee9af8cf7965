"""The relationship web of each account, measured with networkx.

Every module is a pure function of rows or graphs (`graph` builds one account's graph from its
rows; the metrics take the graph; the portfolio scan takes row arrays), except `store`, the one
module that reads the database and hands the rows to them.
"""
