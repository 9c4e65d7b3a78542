"""The contract of ../shared/CONTRACT.md section 1, black-box: plain HTTP, no framework imports.

One suite, run unchanged against every supported combination served as in production.
"""
