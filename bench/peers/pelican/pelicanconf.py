# Pelican peer for bench/run.py: its default theme (notmyidea, copied next to the content by
# run.py so that a template edit can be measured) and default Markdown extensions (extra,
# which holds footnotes). The content cache is on, as a site that rebuilds often would set it.
AUTHOR = "Synthetic Archive Press"
SITENAME = "Synthetic Archive"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
