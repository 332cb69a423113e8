"""Search-engine plumbing shared by the directory search (directory/search/) and the site search
(search/): the client built from settings (`client`), what an engine failure means (`errors`), the
circuit breaker that decides who answers (`breaker.answer`) and German words and analysis (`german`).

A plain package below both searches: it imports Django's settings, the engines' client libraries and
snowballstemmer, never an app, so neither search has to import the other for its plumbing."""
