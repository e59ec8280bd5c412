"""Documents to page Markdown, through Jinja templates a site can override.

Nothing here needs a running MkDocs build: a renderer passes in how to link to
another document and which words to use, and gets Markdown (with HTML blocks)
back.
"""
