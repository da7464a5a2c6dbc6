"""khamrap: performance agreements, PMQA and public-sector awards for Thai government organizations."""

import os

# PyThaiNLP would otherwise create ~/pythainlp-data on import; khamrap only reads its bundled data.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
