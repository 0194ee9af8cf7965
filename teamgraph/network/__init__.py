"""The relationship web of each account, measured with networkx.

`graph` is the one module that knows both the store's rows and the graphs; every metric is a
pure function over a graph (or, for the portfolio scan, over the row arrays).
"""
