"""The shared model: what readers produce (``Source``), what every later stage reads
(``Document`` with its zones and section tree), the offset-keeping string, the Vietnamese text
helpers and the one grammar of these documents. Extractors may import this package and nothing
else from ``pipeline``."""
